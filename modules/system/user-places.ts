// The cleanup list's entries that lie in places users can write: shell histories in homes, and
// the entries of /tmp and /var/tmp. They are looked at through ctx.userFiles (never following a
// link) and removed through userDir changes (modules/lib/user-files), so a link, a swapped
// directory or a FIFO planted by a user can never turn the cleanup against root's files.
import { posix } from 'node:path';
import { refusalFor } from '../lib/user-files/refusal.js';
import type { Change, ModuleContext } from '../lib/types.js';

/** Why: a history in a home goes only when it is a regular file of the home's owner (or root). */
export function homeFileRemoval(ctx: ModuleContext, path: string, why: string): Change | undefined {
  const home = posix.dirname(path);
  const trusted = posix.dirname(home);
  const dir = ctx.userFiles.lstat(home, { trusted });
  if (dir === undefined) return undefined;
  if (dir.kind !== 'dir') {
    ctx.log.warn(`refused ${path}: ${home} is not a plain directory (${dir.kind}); left in place`);
    return undefined;
  }
  const userDir = { trusted, owner: { uid: dir.uid, gid: dir.gid }, filesOnly: true };
  const entry = ctx.userFiles.lstat(path, userDir);
  if (entry === undefined) return undefined;
  const refusal = refusalFor(entry, 'file', userDir.owner);
  if (refusal !== undefined) {
    ctx.log.warn(`refused ${path}: ${refusal}; left in place`);
    return undefined;
  }
  return { kind: 'remove', path, userDir, why };
}

/** Why: an entry of /tmp goes as itself (a link, not its target), a tree by its owner's hand. */
export function sharedDirRemoval(ctx: ModuleContext, path: string, why: string): Change | undefined {
  const trusted = posix.dirname(path);
  const entry = ctx.userFiles.lstat(path, { trusted });
  if (entry === undefined) return undefined;
  return { kind: 'remove', path, userDir: { trusted, owner: { uid: entry.uid, gid: entry.gid } }, why };
}
