// Local checks of xenstore path syntax, so a bad path is a clear error here rather than a bare
// EINVAL from xenstored (XSDOC "paths": A-Z a-z 0-9 - / _ @, no "//", no trailing "/").
import { InvalidPathError } from './errors.js';
import { ABS_PATH_MAX, REL_PATH_MAX } from './limits.js';

const ALLOWED = /^[A-Za-z0-9\-/_@]+$/;

/** Throws InvalidPathError unless xenstored would accept `path` as a node or watch path. */
export function checkPath(path: string): void {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidPathError(String(path), 'the path is empty');
  if (!ALLOWED.test(path)) {
    throw new InvalidPathError(path, 'only letters, digits and - / _ @ are allowed');
  }
  if (path !== '/' && path.endsWith('/')) throw new InvalidPathError(path, 'it ends with "/"');
  if (path.includes('//')) throw new InvalidPathError(path, 'it contains "//"');
  const limit = path.startsWith('/') ? ABS_PATH_MAX : REL_PATH_MAX;
  if (path.length > limit) {
    throw new InvalidPathError(path.slice(0, 40) + '...', `it is ${path.length} characters long, over ${limit}`);
  }
}

/** True for watch-only special paths such as @introduceDomain (XSDOC "special watches"). */
export function isSpecialPath(path: string): boolean {
  return path.startsWith('@');
}

const PERM = /^[nrwb][0-9]+$/;

/** Throws unless every entry is a permission like 'n0', 'r7', 'w3' or 'b5' (XSDOC permissions). */
export function checkPerms(path: string, perms: readonly string[]): void {
  if (perms.length === 0) throw new InvalidPathError(path, 'setPerms needs at least one permission entry');
  for (const p of perms) {
    if (!PERM.test(p)) {
      throw new InvalidPathError(path, `bad permission ${JSON.stringify(p)}: use n, r, w or b followed by a domid (e.g. n0, r7)`);
    }
  }
}
