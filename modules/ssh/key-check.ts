// Checks SSH keys with the real ssh-keygen(1) before anything is written. A private key only
// ever reaches ssh-keygen on a pipe, never in an argument list or a file on disk. `-P ''` makes
// an encrypted key fail at once instead of asking for a passphrase on a terminal at boot.
import { hasControlChar } from '../../template.d/params/formats.js';
import { InputError, type ModuleContext } from '../lib/types.js';
import { privateKeyProblem } from './openssh-key.js';

/** Key types by their short names, as private-key-type.N spells them. */
export type KeyType = 'rsa1' | 'rsa' | 'dsa' | 'ecdsa' | 'ed25519';

/** Key-type names on the wire (RFC 4253 6.6, RFC 5656 6.2, RFC 8709) → our short names. */
const WIRE_TYPES: Record<string, KeyType> = {
  'ssh-rsa': 'rsa',
  'ssh-dss': 'dsa',
  'ecdsa-sha2-nistp256': 'ecdsa',
  'ecdsa-sha2-nistp384': 'ecdsa',
  'ecdsa-sha2-nistp521': 'ecdsa',
  'ssh-ed25519': 'ed25519',
};

/** A parsed public key line. */
export interface PublicKey {
  type: KeyType;
  /** "<wire type> <base64>": what identifies the key, without its comment. */
  id: string;
  line: string;
}

/** Why: compares a derived public key with a given one by key material, not by comment. */
export function parsePublicLine(line: string): PublicKey | undefined {
  const [wire = '', blob = ''] = line.trim().split(/\s+/);
  const type = WIRE_TYPES[wire];
  if (type === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined;
  return { type, id: `${wire} ${blob}`, line: line.trim() };
}

const ONE_LINE_ARMOUR = /^-----BEGIN ([A-Z0-9 ]+)-----\s+([A-Za-z0-9+/=\s]+?)\s+-----END \1-----\s*$/;

/**
 * Why: key files reach us mangled by transports: CRLF line ends, no final newline, or the whole
 * file on one line with blanks for newlines (a value typed on a command line, or a key=value
 * channel that cannot carry newlines). Rebuilds the armoured file ssh-keygen and sshd expect:
 * OpenSSH's own format wraps its base64 at 70 columns (PROTOCOL.key), PEM at 64 (RFC 7468).
 */
export function normaliseKeyText(value: string): string {
  const text = value.replace(/\r\n/g, '\n');
  const m = text.trim().includes('\n') ? null : ONE_LINE_ARMOUR.exec(text.trim());
  if (m) {
    const body = m[2]!.replace(/\s+/g, '');
    const width = m[1] === 'OPENSSH PRIVATE KEY' ? 70 : 64;
    const lines = body.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
    return [`-----BEGIN ${m[1]}-----`, ...lines, `-----END ${m[1]}-----`, ''].join('\n');
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no message';
}

/**
 * `ssh-keygen -y` reads a file name, and Node gives a child a socket, not a pipe, as stdin
 * (open("/dev/stdin") on a socket fails with ENXIO). `cat` turns it into a real pipe, whose mode
 * 0600 passes ssh-keygen's permission check. The script is a constant: no value is in it.
 */
export const READ_PRIVATE = ['sh', '-c', 'cat | exec ssh-keygen -y -P "" -f /dev/stdin'];

/** Outcome of checking a private key: its public half, or "encrypted" (parsed, not opened). */
export type PrivateCheck = { public: PublicKey } | { encrypted: true };

/** Why: the one check of a private key; throws InputError naming the key when it is unusable. */
export async function checkPrivateKey(ctx: ModuleContext, key: string, value: string): Promise<PrivateCheck> {
  const text = normaliseKeyText(value);
  const result = await ctx.run(READ_PRIVATE, { input: text });
  if (result.exitCode === 0) {
    const pub = parsePublicLine(result.stdout);
    const problem = privateKeyProblem(text);
    if (problem !== undefined) throw new InputError(key, `is not a usable private key: ${problem}`);
    if (pub !== undefined) return { public: pub };
  }
  if (/incorrect passphrase/.test(result.stderr)) return { encrypted: true };
  if (result.exitCode === 127) throw new Error(`cannot check ${key}: ssh-keygen is not installed`);
  throw new InputError(key, `is not a private key ssh-keygen can read (${firstLine(result.stderr).replace('/dev/stdin', 'the value')})`);
}

/** Why: one public-key or known_hosts line checked by `ssh-keygen -l -f -` (stdin). */
export async function checkPublicLine(ctx: ModuleContext, key: string, line: string, what: string): Promise<void> {
  if (hasControlChar(line)) throw new InputError(key, `has a control character inside a ${what} line`);
  const result = await ctx.run(['ssh-keygen', '-l', '-f', '-'], { input: `${line}\n` });
  if (result.exitCode === 127) throw new Error(`cannot check ${key}: ssh-keygen is not installed`);
  if (result.exitCode !== 0) {
    const shown = line.length > 40 ? `${line.slice(0, 40)}...` : line;
    throw new InputError(key, `"${shown}" is not a valid ${what} line (ssh-keygen refused it)`);
  }
}
