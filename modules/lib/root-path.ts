// The lexical half of the root-prefix guard (house style 9, after cloud-init's target_path):
// maps an absolute in-root path ("/etc/hosts") to the host path under the root, refusing
// anything that could name a place outside it. Symbolic links are checked in root-guard.ts.
import { posix } from 'node:path';

/** A path the SDK refuses to touch; the message says which path and why. */
export class RootPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootPathError';
  }
}

/** Why: a root must be a plain absolute directory name, or every later join is suspect. */
export function checkRoot(root: string): string {
  if (!posix.isAbsolute(root)) throw new RootPathError(`the root "${root}" is not an absolute path`);
  if (root.includes('\0')) throw new RootPathError('the root contains a NUL character');
  const normal = posix.normalize(root);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** Why: splits an in-root path into its parts, refusing relative paths, "..", and NUL. */
export function pathParts(path: string): string[] {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new RootPathError(`"${path}" is not an absolute path inside the root`);
  }
  if (path.includes('\0')) throw new RootPathError(`"${path}" contains a NUL character`);
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new RootPathError(`"${path}" contains "..", which could leave the root`);
  return parts;
}

/** Why: the one lexical join of root and in-root path; the result is always under the root. */
export function rootPath(root: string, path: string): string {
  const base = checkRoot(root);
  const parts = pathParts(path);
  const joined = `${base === '/' ? '' : base}/${parts.join('/')}`;
  return joined === '' ? '/' : joined;
}

/** Why: tells whether a host path (already normalized) lies at or below the root. */
export function isInside(root: string, hostPath: string): boolean {
  const base = checkRoot(root);
  const normal = posix.normalize(hostPath);
  return base === '/' || normal === base || normal.startsWith(`${base}/`);
}
