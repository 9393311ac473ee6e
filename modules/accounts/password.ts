// Turning a password value (plain text or a ready crypt hash) into the change that sets it.
// The plain text only ever travels on a pipe: to `openssl passwd -6 -stdin` to hash it, then
// the hash to `chpasswd -e` (shared spec modules.md: chpasswd without -e needs PAM inside the
// root, which a scratch root cannot provide).
import { hasControlChar } from '../../template.d/params/formats.js';
import { InputError, type Change, type FamilyId, type ModuleContext } from '../lib/types.js';
import { hashScheme, refuseHash, saltOf } from './crypt-hash.js';
import { setHashChange } from './shadow-tools.js';

/** Why: refuses unusable values before anything runs; the message never contains the value. */
export function checkPassword(key: string, value: string, family: FamilyId): void {
  if (value === '') throw new InputError(key, 'is empty; give a password or a crypt hash');
  if (hasControlChar(value)) {
    throw new InputError(key, 'contains a control character (newline, tab, NUL...), which cannot be set');
  }
  const refusal = refuseHash(value, family);
  if (refusal !== undefined) throw new InputError(key, refusal);
}

/** Runs openssl with the password on stdin; returns its one output line. */
async function openssl(ctx: ModuleContext, options: string[], plain: string): Promise<string> {
  let result;
  try {
    result = await ctx.run(['openssl', 'passwd', ...options, '-stdin'], { input: `${plain}\n` });
  } catch (error) {
    throw new Error(`cannot run openssl to hash a password: ${(error as Error).message}`);
  }
  const out = result.stdout.trim();
  if (result.exitCode !== 0 || out.includes('\n')) {
    throw new Error(`openssl passwd failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  return out;
}

/** Why: SHA-512 crypt is the one scheme every supported family verifies. */
export async function hashPassword(ctx: ModuleContext, plain: string): Promise<string> {
  const hash = await openssl(ctx, ['-6'], plain);
  if (hashScheme(hash) !== 'sha512') throw new Error('openssl passwd -6 did not print a SHA-512 crypt hash');
  return hash;
}

/** Why: re-running a batch must not rewrite shadow when the password is already the one asked. */
export async function matchesHash(ctx: ModuleContext, plain: string, current: string): Promise<boolean> {
  const spec = saltOf(current);
  if (spec === undefined) return false;
  return (await openssl(ctx, [spec.option, '-salt', spec.salt], plain)) === current;
}

/**
 * Why: the single decision "does this password need setting, and with which hash". Returns no
 * change when the root already holds that password (`current` is the shadow hash, if any).
 */
export async function passwordChange(
  ctx: ModuleContext,
  user: string,
  value: string,
  current: string | undefined,
): Promise<Change | undefined> {
  if (hashScheme(value) !== undefined) {
    return value === current ? undefined : setHashChange(ctx.root, user, value);
  }
  // A truncated or mistyped hash would otherwise become, silently, a password nobody knows.
  if (/^\$(1|5|6|y|2[aby])\$/.test(value)) {
    ctx.log.warn(`the password for ${user} starts like a crypt hash but is not a complete one: it is set as a plain password`);
  }
  if (current !== undefined && (await matchesHash(ctx, value, current))) return undefined;
  return setHashChange(ctx.root, user, await hashPassword(ctx, value));
}

/**
 * Why: a password that also appears in a command line (equal to the user's name, a group name, a
 * uid or a piece of the root path) could be told from the command line; the SDK would stop the
 * run with an internal error. Refuse it up front, naming the key, without repeating it.
 */
export function refuseSecretInArgv(changes: readonly Change[], secrets: readonly [string, string][]): void {
  for (const [key, value] of secrets) {
    const clash = changes.some((c) => c.kind === 'run' && c.argv.some((arg) => arg.includes(value)));
    if (clash) {
      throw new InputError(key, 'is the same as, or part of, a name, id or path on the command line of this batch; choose a password that is not');
    }
  }
}
