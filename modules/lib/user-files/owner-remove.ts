// Removes a directory tree in a user's place with the rights of the tree's owner, as OpenSSH
// drops to the user for ~/.ssh: coreutils rm (a fixed absolute path, never found on PATH) runs
// with that uid and gid and no supplementary groups, so the kernel refuses whatever the owner
// could not remove; rm walks the tree with fts and openat/unlinkat and never follows a link.
// It gets the opened parent directory as its descriptor 3 and removes "/proc/self/fd/3/<name>",
// so it starts from the directory that was checked, not from a path that could be re-pointed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { posix } from 'node:path';
import { at, closeAll, openDirPath } from './at-fd.js';
import type { Owner } from '../types.js';

const RM_CANDIDATES = ['/usr/bin/rm', '/bin/rm'];
// nogroup: a user's tree never needs root's group to be removed by its owner.
const NO_GROUP = 65534;

function rmPath(): string {
  const found = RM_CANDIDATES.find((p) => fs.existsSync(p));
  if (found === undefined) throw new Error(`coreutils rm is missing (looked for ${RM_CANDIDATES.join(', ')})`);
  return found;
}

/**
 * Why: the only recursive removal in a user's place. Returns undefined when the tree is gone,
 * or the reason (rm's last complaint) when the owner could not remove all of it.
 */
export function removeTreeAs(dirFd: number, name: string, owner: Owner, shownParent: string): string | undefined {
  at(dirFd, name); // refuses anything but a single name
  const inChild = `/proc/self/fd/3/${name}`;
  const result = spawnSync(rmPath(), ['-rf', '--one-file-system', '--', inChild], {
    uid: owner.uid,
    gid: owner.uid !== 0 && owner.gid === 0 ? NO_GROUP : owner.gid,
    cwd: '/',
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
    stdio: ['ignore', 'ignore', 'pipe', dirFd],
    timeout: 300_000,
  });
  if (result.error) throw result.error;
  if (result.status === 0) return undefined;
  const last = result.stderr.toString('utf8').trim().split('\n').pop() ?? '';
  return `uid ${owner.uid} could not remove all of it: ${last.replaceAll('/proc/self/fd/3', shownParent)}`;
}

/**
 * Why: a directory tree under root's own directories is removed the same way (rm's fts never
 * follows a link and cannot be redirected by a directory swapped inside the tree), as root.
 */
export function removeRootTree(host: string): void {
  const parent = openDirPath(posix.dirname(host));
  try {
    const left = removeTreeAs(parent, posix.basename(host), { uid: 0, gid: 0 }, posix.dirname(host));
    if (left !== undefined) throw new Error(`could not remove ${host}: ${left}`);
  } finally {
    closeAll([parent]);
  }
}
