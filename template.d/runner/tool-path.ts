// The one search path for every program the toolkit starts, whoever called it (issue 12 item
// 6): a caller's PATH must never choose which `openssl` or `useradd` a root run executes. The
// directories are the ones root's own services get (systemd's default PATH, without /usr/local,
// which packages do not own).
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

/** The fixed PATH, in search order. */
export const SAFE_PATH_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'] as const;

/** The same list as a PATH value, for the environment of the processes we start. */
export const SAFE_PATH = SAFE_PATH_DIRS.join(':');

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why: every spawn by name goes through here, so it runs the tool from the fixed PATH and
 * never one a caller put first on theirs. Absolute paths are returned as they are; a name with
 * a slash that is not absolute, or a tool not on the fixed PATH, gives undefined.
 */
export function findTool(name: string): string | undefined {
  if (name.startsWith('/')) return name;
  if (name === '' || name.includes('/')) return undefined;
  for (const dir of SAFE_PATH_DIRS) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Why: a module checks, before its first change, that every tool its plan runs is there; that
 * check must look where the run will look (the fixed PATH), not on the caller's PATH.
 */
export function toolExists(name: string): boolean {
  const program = findTool(name);
  return program !== undefined && isExecutableFile(program);
}
