// Host key pairs under /etc/ssh: the table of keys (Oracle's three, plus this project's ECDSA and
// Ed25519 in the same naming pattern, see docs/ssh-keys.md), the plan that installs them, and
// the cleanup that removes them so the next boot generates fresh ones (sshd-keygen / the
// sshd init script create missing keys).
import { parseGroup } from '../accounts/passwd-files.js';
import { InputError, type Change, type ModuleContext, type Owner, type Params } from '../lib/types.js';
import { SSH_FAMILIES } from './families.js';
import { checkPrivateKey, checkPublicLine, normaliseKeyText, parsePublicLine, type KeyType } from './key-check.js';
import { rsa1PrivateBytes, rsa1PublicLine } from './rsa1.js';

/** One row of the host key table. */
export interface HostKeyKind {
  /** The private key's parameter; the public one is `${key}-pub`. */
  key: string;
  /** File name under /etc/ssh; the public key adds ".pub". */
  file: string;
  type: KeyType;
}

/** Why: every host key the module knows, in the order they are installed. */
export const HOST_KEYS: HostKeyKind[] = [
  { key: 'com.oracle.linux.ssh.host-key', file: 'ssh_host_key', type: 'rsa1' },
  { key: 'com.oracle.linux.ssh.host-rsa-key', file: 'ssh_host_rsa_key', type: 'rsa' },
  { key: 'com.oracle.linux.ssh.host-dsa-key', file: 'ssh_host_dsa_key', type: 'dsa' },
  { key: 'com.oracle.linux.ssh.host-ecdsa-key', file: 'ssh_host_ecdsa_key', type: 'ecdsa' },
  { key: 'com.oracle.linux.ssh.host-ed25519-key', file: 'ssh_host_ed25519_key', type: 'ed25519' },
];

/** Files `cleanup` removes: every host key and its public half (sshd(8) FILES). */
const HOST_KEY_FILE = /^ssh_host_(?:[a-z0-9]+_)?key(?:\.pub)?$/;

/**
 * Why: OpenSSH's ownership rule for private host keys. Where the root's /etc/group has
 * `ssh_keys` (EL7.4 and later), keys are 0640 root:ssh_keys so ssh-keysign can read them;
 * elsewhere 0600 root:root.
 */
export function privateHostKeyMode(ctx: ModuleContext): { mode: number; owner: Owner } {
  const group = parseGroup(ctx.files.read('/etc/group')).find((g) => g.name === 'ssh_keys');
  return group === undefined ? { mode: 0o600, owner: { uid: 0, gid: 0 } } : { mode: 0o640, owner: { uid: 0, gid: group.gid } };
}

/** Checks one pair and returns [private bytes, public line or undefined]. */
async function checkedPair(ctx: ModuleContext, kind: HostKeyKind, priv: string, pub: string | undefined): Promise<[Buffer | string, string | undefined]> {
  if (kind.type === 'rsa1') {
    return [rsa1PrivateBytes(kind.key, priv), pub === undefined ? undefined : rsa1PublicLine(`${kind.key}-pub`, pub)];
  }
  const checked = await checkPrivateKey(ctx, kind.key, priv);
  if ('encrypted' in checked) throw new InputError(kind.key, 'is protected by a passphrase, and sshd cannot load such a host key');
  if (checked.public.type !== kind.type) throw new InputError(kind.key, `is a ${checked.public.type} key, not ${kind.type}`);
  if (pub === undefined) return [normaliseKeyText(priv), checked.public.line];
  await checkPublicLine(ctx, `${kind.key}-pub`, pub.trim(), 'public key');
  if (parsePublicLine(pub)?.id !== checked.public.id) throw new InputError(`${kind.key}-pub`, `is not the public half of ${kind.key}`);
  return [normaliseKeyText(priv), pub.trim()];
}

async function planOne(ctx: ModuleContext, kind: HostKeyKind, params: Params): Promise<Change[]> {
  const priv = params[kind.key];
  const pub = params[`${kind.key}-pub`];
  if (priv === undefined) {
    if (pub !== undefined) throw new InputError(`${kind.key}-pub`, `is given without ${kind.key}; a public host key alone is of no use`);
    return [];
  }
  const family = SSH_FAMILIES[ctx.family];
  const refusal = family.unsupported[kind.type];
  if (refusal !== undefined) throw new InputError(kind.key, refusal);
  const [content, pubLine] = await checkedPair(ctx, kind, priv, pub);
  const path = `/etc/ssh/${kind.file}`;
  const changes: Change[] = [{ kind: 'write', path, content, secret: true, ...privateHostKeyMode(ctx), why: 'private host key' }];
  if (pubLine !== undefined) {
    changes.push({ kind: 'write', path: `${path}.pub`, content: `${pubLine}\n`, mode: 0o644, owner: { uid: 0, gid: 0 }, why: 'public host key' });
  }
  const note = family.unused[kind.type];
  ctx.log.info(`installing ${path}${pubLine === undefined ? '' : ' and .pub'}`);
  if (note !== undefined) ctx.log.warn(`${path}: ${note}`);
  return changes;
}

/** Why: installs every host key given; all are checked before the first one is written. */
export async function planHostKeys(ctx: ModuleContext, params: Params): Promise<Change[]> {
  const changes: Change[] = [];
  for (const kind of HOST_KEYS) changes.push(...(await planOne(ctx, kind, params)));
  return changes;
}

/** Why: cleanup; a template must not hand the same host identity to every clone. */
export function planRemoveHostKeys(ctx: ModuleContext): Change[] {
  const names = ctx.files.exists('/etc/ssh') ? ctx.files.list('/etc/ssh').filter((n) => HOST_KEY_FILE.test(n)).sort() : [];
  if (names.length === 0) ctx.log.info('no host keys under /etc/ssh: nothing to remove');
  for (const name of names) ctx.log.info(`removing /etc/ssh/${name}; sshd makes a new key at next boot`);
  return names.map((name) => ({ kind: 'remove', path: `/etc/ssh/${name}`, why: 'host key of the template' }));
}
