// The read-only view of the root that handlers get as ctx.files. Every path goes through
// resolveInRoot, so a handler cannot read outside the root even through the image's links.
import { listDir, lstat, readFile, readlink } from './host-fs.js';
import { resolveInRoot } from './root-guard.js';
import { RootPathError } from './root-path.js';
import type { RootFiles } from './types.js';

const READ = { forWrite: false, followLast: true };
const NO_FOLLOW = { forWrite: false, followLast: false };

function followable<T>(look: () => T): T | undefined {
  try {
    return look();
  } catch (error) {
    if (error instanceof RootPathError) return undefined;
    throw error;
  }
}

/** Why: handlers read the system only through this object; see RootFiles in types.ts. */
export function createRootFiles(root: string): RootFiles {
  return {
    read: (path) => readFile(resolveInRoot(root, path, READ))?.toString('utf8'),
    readBuffer: (path) => readFile(resolveInRoot(root, path, READ)),
    // Like lstat: a dangling link, or a unit masked by a link to /dev/null, exists.
    exists: (path) => lstat(resolveInRoot(root, path, NO_FOLLOW)) !== undefined,
    list: (dir) => listDir(resolveInRoot(root, dir, READ)),
    stat: (path) => {
      const s = lstat(resolveInRoot(root, path, NO_FOLLOW));
      if (s === undefined) return undefined;
      if (!s.isSymlink) return s;
      // A link reports its target's mode and owner (as stat(2)), but still says it is a link;
      // one the guard will not follow (in a place a user can write) reports itself.
      const target = followable(() => lstat(resolveInRoot(root, path, READ)));
      return target === undefined ? s : { ...target, isSymlink: true };
    },
    readlink: (path) => {
      const host = resolveInRoot(root, path, NO_FOLLOW);
      return lstat(host)?.isSymlink ? readlink(host) : undefined;
    },
  };
}
