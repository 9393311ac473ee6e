// Compares one change with what is on disk under the root: where it lands (through the root
// guard, with write semantics, so a refused path fails before anything is applied), the mode
// and owner it will get, and whether it is already in place. Shared by the plan and the apply
// step, so a dry run and a real run judge "unchanged" the same way.
import { posix } from 'node:path';
import { lstat, readFile, readlink } from './host-fs.js';
import { resolveInRoot } from './root-guard.js';
import { checkRoot } from './root-path.js';
import type { Change, Owner, UserDir } from './types.js';
import { lstatUserPath, readUserFile } from './user-files/read.js';
import { UserFileRefusal, checkEntry } from './user-files/refusal.js';
import { removeRefusal } from './user-files/remove.js';
import { describeWriters, othersCanWrite } from './user-files/trust.js';

/** Owner of files and directories the SDK creates when a change names none. */
export const ROOT_OWNER: Owner = { uid: 0, gid: 0 };

/** A change together with what the disk says about it. */
export interface ChangeState {
  change: Change;
  /** The host path the change touches (undefined for 'run'). */
  host?: string;
  /** Mode and owner a write or mkdir ends with. */
  mode?: number;
  owner?: Owner;
  /** Current content of a write's target, when it is a regular file. */
  current?: Buffer;
  unchanged: boolean;
}

function toBuffer(content: string | Buffer): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

function sameOwner(a: Owner, b: { uid: number; gid: number }): boolean {
  return a.uid === b.uid && a.gid === b.gid;
}

/**
 * Why: a change not marked userDir must not land where someone other than root can add or swap
 * entries; the nearest existing directory above it decides (house style 16).
 */
function refuseUserPlace(root: string, change: Change, host: string): string {
  const base = checkRoot(root);
  for (let dir = posix.dirname(host); dir.length >= base.length; dir = posix.dirname(dir)) {
    const st = lstat(dir);
    if (st === undefined) continue;
    if (othersCanWrite(st) && 'path' in change) {
      throw new UserFileRefusal(change.path, `it lies in ${dir.slice(base === '/' ? 0 : base.length) || '/'}, which others can write (${describeWriters(st)}); such a change must be marked userDir`);
    }
    break;
  }
  return host;
}

function guarded(root: string, change: Change, followLast: boolean): string {
  if (!('path' in change)) throw new Error('internal error: a run change has no path');
  return refuseUserPlace(root, change, resolveInRoot(root, change.path, { forWrite: true, followLast }));
}

function inspectWrite(root: string, change: Extract<Change, { kind: 'write' }>): ChangeState {
  const host = guarded(root, change, true);
  const st = lstat(host);
  if (st?.isDirectory) throw new Error(`${change.path} is a directory; cannot write a file there`);
  const current = st?.isFile ? readFile(host) : undefined;
  const mode = change.mode ?? st?.mode ?? 0o644;
  const owner = change.owner ?? (st ? { uid: st.uid, gid: st.gid } : ROOT_OWNER);
  const unchanged =
    st !== undefined && current !== undefined && current.equals(toBuffer(change.content)) && st.mode === mode && sameOwner(owner, st);
  return { change, host, mode, owner, current, unchanged };
}

/** A change may create or replace things inside the root, never the root directory itself. */
function refuseRootItself(change: Change): void {
  if (change.kind !== 'run' && change.kind !== 'mkdir' && change.path.split('/').every((p) => p === '' || p === '.')) {
    throw new Error(`refusing to ${change.kind} "${change.path}": that is the root directory itself`);
  }
}

/** Why: one verdict per change, computed before anything is applied and again when applying. */
export function inspectChange(root: string, change: Change): ChangeState {
  refuseRootItself(change);
  if (change.kind !== 'run' && change.kind !== 'symlink' && change.userDir !== undefined) return inspectUserChange(root, change, change.userDir);
  switch (change.kind) {
    case 'write':
      return inspectWrite(root, change);
    case 'remove': {
      const host = guarded(root, change, false);
      return { change, host, unchanged: lstat(host) === undefined };
    }
    case 'symlink': {
      const host = guarded(root, change, false);
      const st = lstat(host);
      if (st?.isDirectory) throw new Error(`${change.path} is a directory; cannot replace it with a link`);
      return { change, host, unchanged: st?.isSymlink === true && readlink(host) === change.target };
    }
    case 'mkdir': {
      const host = guarded(root, change, true);
      const st = lstat(host);
      if (st && !st.isDirectory) throw new Error(`${change.path} exists and is not a directory`);
      const mode = change.mode ?? st?.mode ?? 0o755;
      const owner = change.owner ?? (st ? { uid: st.uid, gid: st.gid } : ROOT_OWNER);
      return { change, host, mode, owner, unchanged: st !== undefined && st.mode === mode && sameOwner(owner, st) };
    }
    case 'run':
      return { change, unchanged: false };
  }
}

type UserChange = Extract<Change, { kind: 'write' | 'mkdir' | 'remove' }>;

/** Why: the same verdict for a change in a user's place, read only through modules/lib/user-files. */
function inspectUserChange(root: string, change: UserChange, place: UserDir): ChangeState {
  if (change.kind === 'write') {
    const current = readUserFile(root, change.path, place);
    const st = current === undefined ? undefined : lstatUserPath(root, change.path, place);
    const mode = change.mode ?? st?.mode ?? 0o600;
    const owner = change.owner ?? (st ? { uid: st.uid, gid: st.gid } : place.owner);
    const same = st !== undefined && current!.equals(toBuffer(change.content)) && st.mode === mode && sameOwner(owner, st);
    return { change, mode, owner, current, unchanged: same };
  }
  const st = lstatUserPath(root, change.path, place);
  if (change.kind === 'remove') {
    const why = st === undefined ? undefined : removeRefusal(st, place);
    if (why !== undefined) throw new UserFileRefusal(change.path, why);
    return { change, unchanged: st === undefined };
  }
  if (st !== undefined) checkEntry(change.path, st, 'dir', place.owner);
  const mode = change.mode ?? st?.mode ?? 0o700;
  const owner = change.owner ?? place.owner;
  return { change, mode, owner, unchanged: st !== undefined && st.mode === mode && sameOwner(owner, st) };
}

/** Why: the bytes a write change puts on disk. */
export function contentOf(change: Extract<Change, { kind: 'write' }>): Buffer {
  return toBuffer(change.content);
}
