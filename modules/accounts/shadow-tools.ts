// Command lines for the shadow tools (useradd(8), usermod(8), userdel(8), groupadd(8),
// groupmod(8), groupdel(8), chpasswd(8)). Pure: the handlers turn these into 'run' changes.
// Every tool is pointed at the configured root with -R, which chroots before touching any file.
import type { Change } from '../lib/types.js';

/** Why: on the running system (root "/") the tools need no -R; anywhere else they must have it. */
export function rootArgs(root: string): string[] {
  return root === '/' ? [] : ['-R', root];
}

/**
 * Why: the only way a password reaches the system. The hash (itself sensitive) goes on stdin as
 * "name:hash", and -e means chpasswd sets it as given, with no PAM (unusable in a scratch root).
 */
export function setHashChange(root: string, user: string, hash: string): Change {
  return {
    kind: 'run',
    argv: ['chpasswd', '-e', ...rootArgs(root)],
    input: `${user}:${hash}\n`,
    secretInput: true,
    why: `set the password of ${user}`,
  };
}

/** Why: one shape for every account command, so plans read the same for all of them. */
export function toolChange(root: string, tool: string, args: string[], why: string): Change {
  return { kind: 'run', argv: [tool, ...rootArgs(root), ...args], why };
}
