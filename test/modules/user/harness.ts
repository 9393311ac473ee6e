// Shared by the user module tests: the real shadow tools and openssl allowed (against scratch
// roots only, through -R), readers for the root's account files, and key builders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import user from '../../../modules/user.js';
import { runTestTarget, type AllowRule } from '../../../modules/lib/test-context.js';
import type { Params } from '../../../modules/lib/types.js';

const TOOLS = ['useradd', 'usermod', 'userdel', 'groupadd', 'groupmod', 'groupdel'];

/** Real tools, but only with -R <root>, so nothing here can touch the host's accounts. */
export function allowFor(root: string): AllowRule[] {
  return [
    ...TOOLS.map((tool) => ({ argv: [tool, '-R', root], real: true })),
    { argv: ['chpasswd', '-e', '-R', root], real: true, exact: true },
    { argv: ['openssl', 'passwd'], real: true },
  ];
}

export function configureUsers(root: string, params: Params, dryRun = false) {
  return runTestTarget(user, 'configure', params, { root, allow: allowFor(root), dryRun });
}

/** The lines of /etc/<file> under the root whose first field is one of `names`, in file order. */
export function linesFor(root: string, file: string, names: string[]): string[] {
  return readFileSync(join(root, 'etc', file), 'utf8')
    .split('\n')
    .filter((line) => names.includes(line.split(':')[0]!));
}

/** `u('name', 0, 'alice')` → { 'com.oracle.linux.user.name.0': 'alice' }. */
export function u(field: string, index: number, value: string): Params {
  return { [`com.oracle.linux.user.${field}.${index}`]: value };
}

export function g(field: string, index: number, value: string): Params {
  return { [`com.oracle.linux.group.${field}.${index}`]: value };
}
