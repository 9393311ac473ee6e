// The symbolic-link half of the root-prefix guard. Reading follows links the way a chroot
// would (an absolute link target starts again at the root, ".." stops at the root), so an
// image's own links work and nothing outside is ever read. Writing refuses any link whose
// target, as the kernel would follow it, lies outside the root. Neither ever follows a link
// that lies in a directory someone other than root can write (also on a live guest, where
// "outside the root" means nothing): such a link can be planted or swapped at any moment.
import { posix } from 'node:path';
import { lstat, readlink } from './host-fs.js';
import { RootPathError, checkRoot, isInside, pathParts } from './root-path.js';
import { describeWriters, linkTrusted } from './user-files/trust.js';

/** How links are treated while resolving. */
export interface ResolveOptions {
  /** Refuse links that lead outside the root (true for every change). */
  forWrite: boolean;
  /** Follow a link in the last component too (reads and file writes; not remove/symlink). */
  followLast: boolean;
}

// Linux's limit on links followed while resolving one path (MAXSYMLINKS, 40).
const MAX_LINKS = 40;

function hostOf(base: string, parts: string[]): string {
  return parts.length === 0 ? base : posix.join(base, ...parts);
}

/** Why: where a link leads, as parts relative to the root, under the chosen semantics. */
function linkTarget(base: string, done: string[], hostLink: string, inRoot: string, forWrite: boolean): string[] {
  const target = readlink(hostLink);
  if (forWrite) {
    const onHost = posix.resolve(posix.dirname(hostLink), target);
    if (!isInside(base, onHost)) {
      throw new RootPathError(`${inRoot} is a symbolic link to "${target}", outside the root; refusing to write through it`);
    }
    return posix.relative(base, onHost).split('/').filter(Boolean);
  }
  const start = target.startsWith('/') ? [] : done;
  const resolved: string[] = [...start];
  for (const part of target.split('/')) {
    if (part === '..') resolved.pop();
    else if (part !== '' && part !== '.') resolved.push(part);
  }
  return resolved;
}

/** Why: a link in a place a user can write is theirs to re-point: never followed (trust.ts). */
function refuseUserLink(dirHost: string, linkUid: number, inRoot: string): void {
  const dir = lstat(dirHost);
  if (dir === undefined || linkTrusted(dir, linkUid)) return;
  throw new RootPathError(`${inRoot} is a symbolic link in a directory others can write (${describeWriters(dir)}); refusing to follow it`);
}

/** Why: the one function that turns an in-root path into a host path that is safe to use. */
export function resolveInRoot(root: string, path: string, options: ResolveOptions): string {
  const base = checkRoot(root);
  let pending = pathParts(path);
  let done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    const host = hostOf(base, [...done, part]);
    const isLast = pending.length === 0;
    const st = !isLast || options.followLast ? lstat(host) : undefined;
    if (st?.isSymlink) {
      if (++links > MAX_LINKS) throw new RootPathError(`${path}: too many levels of symbolic links`);
      const inRoot = `/${[...done, part].join('/')}`;
      refuseUserLink(hostOf(base, done), st.uid, inRoot);
      const target = linkTarget(base, done, host, inRoot, options.forWrite);
      // The target's parts are resolved again, so links inside the target are checked too.
      done = [];
      pending = [...target, ...pending];
      continue;
    }
    done.push(part);
  }
  return hostOf(base, done);
}
