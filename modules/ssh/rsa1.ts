// SSH protocol 1 ("rsa1") keys. Current ssh-keygen cannot read them any more (support was
// removed in OpenSSH 7.4), so their shape is checked here instead. Pure. Formats from OpenSSH
// 7.3's authfile.c / sshkey.c: the private file starts with the line
// "SSH PRIVATE KEY FILE FORMAT 1.1"; the public line is "<bits> <exponent> <modulus> [comment]"
// in decimal.
import { InputError } from '../lib/types.js';

const PRIVATE_MAGIC = 'SSH PRIVATE KEY FILE FORMAT 1.1\n';

/**
 * Why: the binary private file arrives either base64-encoded or as a string whose characters
 * are the bytes (JSON \u0000-\u00ff); returns the bytes, or throws naming the key.
 */
export function rsa1PrivateBytes(key: string, value: string): Buffer {
  const raw = Buffer.from(value, 'latin1');
  if (raw.subarray(0, PRIVATE_MAGIC.length).toString('latin1') === PRIVATE_MAGIC) return raw;
  const compact = value.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64');
    if (decoded.subarray(0, PRIVATE_MAGIC.length).toString('latin1') === PRIVATE_MAGIC) return decoded;
  }
  throw new InputError(key, 'is not an SSH protocol 1 private key (raw or base64 of a file starting "SSH PRIVATE KEY FILE FORMAT 1.1")');
}

/** Why: checks the public line's numbers are self-consistent; returns the line to write. */
export function rsa1PublicLine(key: string, value: string): string {
  const line = value.trim();
  const m = /^([0-9]{3,5}) ([0-9]+) ([0-9]+)(?: [^\n]*)?$/.exec(line);
  if (!m) throw new InputError(key, 'is not an SSH protocol 1 public key ("<bits> <exponent> <modulus> [comment]")');
  const bits = BigInt(m[3]!).toString(2).length;
  if (bits !== Number(m[1])) throw new InputError(key, `says ${m[1]} bits but its modulus has ${bits}`);
  return line;
}
