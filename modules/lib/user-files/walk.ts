// Opens the directories of a path in a user's place one at a time, each through the descriptor
// of the one before it and never through a link (systemd's chase() with CHASE_NOFOLLOW and
// CHASE_SAFE): first the trusted directory the change names (reached through the root guard,
// and checked to be root's alone or root's and sticky, like /tmp), then every directory below
// it, each checked on the descriptor that was opened. Callers act on the last descriptor only.
import { posix } from 'node:path';
import { resolveInRoot } from '../root-guard.js';
import { checkRoot, pathParts } from '../root-path.js';
import type { Owner, UserDir } from '../types.js';
import { closeAll, fstatEntry, lstatAt, missing, openDirAt, openDirPath } from './at-fd.js';
import { UserFileRefusal, changedUnder, checkEntry } from './refusal.js';
import { describeWriters, othersCanWrite } from './trust.js';

/** The opened last directory of a path, and every descriptor to close afterwards. */
export interface OpenedDir {
  fd: number;
  fds: number[];
}

/** A path split at its trusted directory: the directories below it, and the final name. */
export interface PlacePath {
  dirs: string[];
  leaf: string;
}

/** Why: a change names a path and the trusted directory it lies under; both must agree. */
export function splitPlace(path: string, trusted: string): PlacePath {
  const parts = pathParts(path);
  const base = pathParts(trusted);
  if (parts.length <= base.length || base.some((p, i) => parts[i] !== p)) {
    throw new Error(`internal error: ${path} does not lie under its trusted directory ${trusted}`);
  }
  const below = parts.slice(base.length);
  return { dirs: below.slice(0, -1), leaf: below[below.length - 1]! };
}

/** Why: root's own directories above the user's place; sticky root-owned (/tmp) is fine. */
function trustedEnough(fd: number): boolean {
  const e = fstatEntry(fd);
  return !othersCanWrite(e) || (e.uid === 0 && (e.mode & 0o1000) !== 0);
}

function openTrusted(root: string, trusted: string, fds: number[]): number | undefined {
  const base = checkRoot(root);
  const host = resolveInRoot(root, trusted, { forWrite: true, followLast: true });
  let fd = openDirPath(base);
  fds.push(fd);
  for (const part of posix.relative(base, host).split('/').filter(Boolean)) {
    try {
      fd = openDirAt(fd, part);
    } catch (error) {
      if (missing(error)) return undefined;
      throw new UserFileRefusal(trusted, `a directory on its way changed while it was opened (${(error as Error).message})`);
    }
    fds.push(fd);
    if (!trustedEnough(fd)) {
      throw new UserFileRefusal(trusted, `it is not root's alone (${describeWriters(fstatEntry(fd))}), so it cannot anchor a user's place`);
    }
  }
  return fd;
}

function openBelow(parent: number, name: string, shown: string, owner: Owner | undefined): number | undefined {
  const before = lstatAt(parent, name);
  if (before === undefined) return undefined;
  if (owner !== undefined) checkEntry(shown, before, 'dir', owner);
  else if (before.kind !== 'dir') throw new UserFileRefusal(shown, `it is not a directory (${before.kind})`);
  let fd: number;
  try {
    fd = openDirAt(parent, name);
  } catch (error) {
    throw changedUnder(shown, error);
  }
  // Checked again on what was opened: a swap after the lstat is caught here.
  if (owner !== undefined) {
    try {
      checkEntry(shown, fstatEntry(fd), 'dir', owner);
    } catch (error) {
      closeAll([fd]);
      throw error;
    }
  }
  return fd;
}

/**
 * Why: the descriptor of the directory that holds `place`'s final name, or undefined when a
 * directory on the way does not exist (yet). Each directory below the trusted one must be a
 * real directory owned by the place's user or root. The caller closes `fds`.
 */
export function openPlaceDir(root: string, path: string, place: { trusted: string; owner?: Owner }): OpenedDir | undefined {
  const { dirs } = splitPlace(path, place.trusted);
  const fds: number[] = [];
  try {
    let fd = openTrusted(root, place.trusted, fds);
    let shown = place.trusted === '/' ? '' : place.trusted;
    for (const name of dirs) {
      if (fd === undefined) break;
      shown = `${shown}/${name}`;
      fd = openBelow(fd, name, shown, place.owner);
      if (fd !== undefined) fds.push(fd);
    }
    if (fd === undefined) {
      closeAll(fds);
      return undefined;
    }
    return { fd, fds };
  } catch (error) {
    closeAll(fds);
    if (error instanceof UserFileRefusal) throw error;
    throw new UserFileRefusal(path, (error as Error).message);
  }
}

/** Why: runs `use` with the opened directory and always closes every descriptor. */
export function withPlaceDir<T>(root: string, path: string, place: UserDir | { trusted: string; owner?: Owner }, use: (dir: OpenedDir | undefined) => T): T {
  const dir = openPlaceDir(root, path, place);
  try {
    return use(dir);
  } finally {
    if (dir) closeAll(dir.fds);
  }
}
