// Per-user keys: com.oracle.linux.ssh.{user,authorized-keys,private-key,private-key-type,
// known-hosts}.N. Files land in the user's ~/.ssh as OpenSSH expects them (sshd(8) StrictModes,
// ssh(1) FILES): ~/.ssh 0700, authorized_keys and private keys 0600, known_hosts and public keys
// 0644, all owned by the user with the numeric ids from the ROOT's /etc/passwd. The home and
// everything under it is the user's place: read through ctx.userFiles and changed through
// userDir changes (modules/lib/user-files), never through a link, FIFO or second hard link.
import { posix } from 'node:path';
import { checkFormat } from '../../template.d/params/formats.js';
import { parsePasswd } from '../accounts/passwd-files.js';
import { UserFileRefusal, refusalFor } from '../lib/user-files/refusal.js';
import { InputError, type Change, type ModuleContext, type Owner, type Params, type UserDir } from '../lib/types.js';
import { SSH_FAMILIES } from './families.js';
import { checkPrivateKey, checkPublicLine, normaliseKeyText, type KeyType } from './key-check.js';
import { keyLines, mergeLines } from './line-merge.js';
import { rsa1PrivateBytes } from './rsa1.js';

const FIELDS = ['user', 'authorized-keys', 'private-key', 'private-key-type', 'known-hosts'];

/** Why: private-key-type.N → file name under ~/.ssh (ssh(1) FILES; rsa1 is "identity"). */
export const IDENTITY_FILES: Record<KeyType, string> = {
  rsa1: 'identity',
  rsa: 'id_rsa',
  dsa: 'id_dsa',
  ecdsa: 'id_ecdsa',
  ed25519: 'id_ed25519',
};

const key = (field: string, index: string) => `com.oracle.linux.ssh.${field}.${index}`;

/** index → field → value, in numeric index order. */
function byIndex(params: Params): [string, Map<string, string>][] {
  const re = new RegExp(`^com\\.oracle\\.linux\\.ssh\\.(${FIELDS.join('|')})\\.([0-9]+)$`);
  const out = new Map<string, Map<string, string>>();
  for (const [k, value] of Object.entries(params)) {
    const m = re.exec(k);
    if (!m) continue;
    if (!out.has(m[2]!)) out.set(m[2]!, new Map());
    out.get(m[2]!)!.set(m[1]!, value);
  }
  return [...out].sort(([a], [b]) => Number(a) - Number(b));
}

interface Account {
  name: string;
  owner: Owner;
  sshDir: string;
  /** The home's parent is root's; the home and all below it are the user's place. */
  place: UserDir;
}

function placeOf(home: string, owner: Owner): UserDir {
  return { trusted: posix.dirname(home), owner };
}

/** The home and an existing ~/.ssh must be real directories of the user (or root): else refused. */
function checkHome(ctx: ModuleContext, k: string, name: string, home: string, owner: Owner): UserDir {
  if (!home.startsWith('/') || posix.normalize(home) === '/') throw new InputError(k, `the home directory "${home}" of ${name} is not a usable absolute path`);
  const plain = posix.normalize(home).replace(/\/+$/, '');
  const place = placeOf(plain, owner);
  const entry = ctx.userFiles.lstat(plain, place);
  if (entry === undefined) throw new InputError(k, `the home directory "${home}" of ${name} is missing`);
  const why = refusalFor(entry, 'dir', owner);
  if (why !== undefined) throw new UserFileRefusal(home, why);
  return place;
}

/** A user the same parameter set asks the user module (priority 60, before us) to add. */
function addedInThisRun(params: Params, name: string): Owner | undefined {
  for (const [k, v] of Object.entries(params)) {
    const m = /^com\.oracle\.linux\.user\.name\.([0-9]+)$/.exec(k);
    if (!m || v !== name || params[`com.oracle.linux.user.action.${m[1]}`] !== 'add') continue;
    const uid = Number(params[`com.oracle.linux.user.uid.${m[1]}`] ?? 0);
    return { uid, gid: uid };
  }
  return undefined;
}

function account(ctx: ModuleContext, params: Params, index: string, fields: Map<string, string>): Account {
  const name = fields.get('user');
  if (name === undefined) throw new InputError(key('user', index), `is missing: say whose files the keys of index ${index} go to`);
  const problem = checkFormat('name', name);
  if (problem !== undefined) throw new InputError(key('user', index), problem);
  const entry = parsePasswd(ctx.files.read('/etc/passwd')).find((u) => u.name === name);
  const planned = entry === undefined && ctx.dryRun ? addedInThisRun(params, name) : undefined;
  if (planned !== undefined) {
    // Only a plan: in the real run the user module has made the account before we run.
    ctx.log.info(`user ${name} does not exist yet; this plan assumes the user module adds it with home /home/${name}`);
    return { name, owner: planned, sshDir: `/home/${name}/.ssh`, place: placeOf(`/home/${name}`, planned) };
  }
  if (entry === undefined) {
    throw new InputError(key('user', index), `user "${name}" does not exist in the root's /etc/passwd (the user module, which runs first, can add it)`);
  }
  const owner = { uid: entry.uid, gid: entry.gid };
  const place = checkHome(ctx, key('user', index), name, entry.home, owner);
  const sshDir = `${posix.normalize(entry.home).replace(/\/+$/, '')}/.ssh`;
  const ssh = ctx.userFiles.lstat(sshDir, place);
  const why = ssh === undefined ? undefined : refusalFor(ssh, 'dir', owner);
  if (why !== undefined) throw new UserFileRefusal(sshDir, why);
  return { name, owner, sshDir, place };
}

/** The private key's file and content, after every check. */
async function identity(ctx: ModuleContext, index: string, value: string, typeValue: string | undefined): Promise<{ type: KeyType; content: Buffer | string; pub?: string }> {
  const typeKey = key('private-key-type', index);
  if (typeValue !== undefined && !Object.hasOwn(IDENTITY_FILES, typeValue)) {
    throw new InputError(typeKey, `must be one of ${Object.keys(IDENTITY_FILES).join(', ')}`);
  }
  const wanted = typeValue as KeyType | undefined;
  if (wanted === 'rsa1') return { type: 'rsa1', content: rsa1PrivateBytes(key('private-key', index), value) };
  const checked = await checkPrivateKey(ctx, key('private-key', index), value);
  if ('encrypted' in checked) {
    if (wanted === undefined) throw new InputError(typeKey, 'is needed: the private key is passphrase-protected, so its type cannot be read');
    ctx.log.info(`private key ${index} is passphrase-protected; installed as given`);
    return { type: wanted, content: normaliseKeyText(value) };
  }
  if (wanted !== undefined && wanted !== checked.public.type) {
    throw new InputError(typeKey, `says ${wanted}, but the private key is ${checked.public.type}`);
  }
  return { type: checked.public.type, content: normaliseKeyText(value), pub: `${checked.public.line}\n` };
}

/** Accumulates additions per file, so two indexes for one user still give one write each. */
type Pending = Map<string, { owner: Owner; mode: number; lines: string[]; place: UserDir }>;

async function addLines(ctx: ModuleContext, pending: Pending, acct: Account, k: string, value: string, file: string, mode: number): Promise<void> {
  const what = file === 'authorized_keys' ? 'authorized_keys' : 'known_hosts';
  const lines = keyLines(value);
  if (lines.length === 0) throw new InputError(k, `has no ${what} line`);
  for (const line of lines) await checkPublicLine(ctx, k, line, what);
  const path = `${acct.sshDir}/${file}`;
  const entry = pending.get(path) ?? { owner: acct.owner, mode, lines: [], place: acct.place };
  entry.lines.push(...lines);
  pending.set(path, entry);
}

async function planIndex(ctx: ModuleContext, params: Params, pending: Pending, index: string, fields: Map<string, string>): Promise<Change[]> {
  const acct = account(ctx, params, index, fields);
  const userDir = acct.place;
  const changes: Change[] = [{ kind: 'mkdir', path: acct.sshDir, mode: 0o700, owner: acct.owner, userDir, why: `~${acct.name}/.ssh` }];
  const ak = fields.get('authorized-keys');
  if (ak !== undefined) await addLines(ctx, pending, acct, key('authorized-keys', index), ak, 'authorized_keys', 0o600);
  const kh = fields.get('known-hosts');
  if (kh !== undefined) await addLines(ctx, pending, acct, key('known-hosts', index), kh, 'known_hosts', 0o644);
  const priv = fields.get('private-key');
  if (priv === undefined && fields.has('private-key-type')) {
    throw new InputError(key('private-key-type', index), `is given without ${key('private-key', index)}`);
  }
  if (priv !== undefined) {
    const id = await identity(ctx, index, priv, fields.get('private-key-type'));
    const refusal = SSH_FAMILIES[ctx.family].unsupported[id.type];
    if (refusal !== undefined) throw new InputError(key('private-key', index), refusal);
    const path = `${acct.sshDir}/${IDENTITY_FILES[id.type]}`;
    changes.push({ kind: 'write', path, content: id.content, mode: 0o600, owner: acct.owner, secret: true, userDir, why: 'private key' });
    if (id.pub !== undefined) changes.push({ kind: 'write', path: `${path}.pub`, content: id.pub, mode: 0o644, owner: acct.owner, userDir, why: 'public key' });
  }
  return changes;
}

/** Why: every per-user key of the batch, all checked before any change is returned. */
export async function planUserKeys(ctx: ModuleContext, params: Params): Promise<Change[]> {
  const changes: Change[] = [];
  const pending: Pending = new Map();
  for (const [index, fields] of byIndex(params)) changes.push(...(await planIndex(ctx, params, pending, index, fields)));
  for (const [path, entry] of pending) {
    const merged = mergeLines(ctx.userFiles.read(path, entry.place)?.toString('utf8'), entry.lines);
    if (merged === undefined) ctx.log.info(`${path}: every line is already there`);
    else changes.push({ kind: 'write', path, content: merged, mode: entry.mode, owner: entry.owner, userDir: entry.place, why: 'lines added' });
  }
  return dedupeMkdirs(changes);
}

/** Several indexes may name one user: its ~/.ssh is made once. */
function dedupeMkdirs(changes: Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((c) => c.kind !== 'mkdir' || (!seen.has(c.path) && seen.add(c.path) !== undefined));
}
