// A consistency check of an unencrypted private key in OpenSSH's own format, done because
// `ssh-keygen -y` only re-reads the public numbers stored beside the private ones: a key whose
// private half is damaged (a flipped character in an RSA exponent) still "loads" there, and
// sshd fails at boot. Here the private numbers must actually produce the public key.
// Format: OpenSSH PROTOCOL.key; field order per key type: sshkey.c / ssh-rsa.c / ssh-dss.c /
// ssh-ecdsa.c / ssh-ed25519.c (private serialisation). Pure computation, no I/O.
import { createECDH, createPrivateKey, createPublicKey } from 'node:crypto';

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** Big-endian length-prefixed fields (RFC 4251 5: string, mpint, uint32). */
class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    if (this.at + 4 > this.buf.length) throw new Error('truncated');
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.at + n > this.buf.length) throw new Error('truncated');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  text(): string {
    return this.bytes().toString('latin1');
  }
  big(): bigint {
    const b = this.bytes();
    return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
  }
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

function rsa(r: Reader, pub: Reader): boolean {
  const [n, e, d, iqmp, p, q] = [r.big(), r.big(), r.big(), r.big(), r.big(), r.big()];
  const [pe, pn] = [pub.big(), pub.big()];
  return pe === e && pn === n && p * q === n && (e * d) % (p - 1n) === 1n && (e * d) % (q - 1n) === 1n && (iqmp * q) % p === 1n;
}

function dsa(r: Reader, pub: Reader): boolean {
  const [p, q, g, y, x] = [r.big(), r.big(), r.big(), r.big(), r.big()];
  const outer = [pub.big(), pub.big(), pub.big(), pub.big()];
  const same = outer[0] === p && outer[1] === q && outer[2] === g && outer[3] === y;
  // FIPS 186: g generates the subgroup of order q, and x < q.
  return same && x < q && modPow(g, q, p) === 1n && modPow(g, x, p) === y;
}

const CURVES: Record<string, string> = { nistp256: 'prime256v1', nistp384: 'secp384r1', nistp521: 'secp521r1' };

function ecdsa(r: Reader, pub: Reader): boolean {
  const curve = CURVES[r.text()];
  const point = r.bytes();
  pub.text();
  if (!pub.bytes().equals(point)) return false;
  let d = r.bytes();
  while (d.length > 1 && d[0] === 0) d = d.subarray(1);
  if (curve === undefined) return false;
  const ecdh = createECDH(curve);
  ecdh.setPrivateKey(d);
  return ecdh.getPublicKey().equals(point);
}

// RFC 8410: PKCS#8 wrapping of a raw 32-byte Ed25519 seed.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519(r: Reader, pub: Reader): boolean {
  const pk = r.bytes();
  const sk = r.bytes();
  if (!pub.bytes().equals(pk) || sk.length !== 64 || pk.length !== 32 || !sk.subarray(32).equals(pk)) return false;
  const priv = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, sk.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(priv).export({ type: 'spki', format: 'der' });
  return spki.subarray(spki.length - 32).equals(pk);
}

/** Reads the file's single key: [outer public blob reader, private section reader, type]. */
function open(text: string): { pub: Reader; priv: Reader; type: string } | 'encrypted' | undefined {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!m) return undefined;
  const raw = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('bad magic');
  const r = new Reader(raw.subarray(MAGIC.length));
  const cipher = r.text();
  r.text();
  r.bytes();
  if (r.u32() !== 1) throw new Error('not exactly one key');
  const pub = new Reader(r.bytes());
  if (cipher !== 'none') return 'encrypted';
  const priv = new Reader(r.bytes());
  if (priv.u32() !== priv.u32()) throw new Error('check bytes differ');
  const type = priv.text();
  if (pub.text() !== type) throw new Error('public and private types differ');
  return { pub, priv, type };
}

/**
 * Why: returns a reason when the private numbers do not make the public key; undefined when
 * they do, and also for formats this does not cover (PEM, encrypted keys), which ssh-keygen
 * alone has checked.
 */
export function privateKeyProblem(text: string): string | undefined {
  try {
    const key = open(text);
    if (key === undefined || key === 'encrypted') return undefined;
    const { pub, priv, type } = key;
    const ok =
      type === 'ssh-rsa' ? rsa(priv, pub)
      : type === 'ssh-dss' ? dsa(priv, pub)
      : type.startsWith('ecdsa-sha2-') ? ecdsa(priv, pub)
      : type === 'ssh-ed25519' ? ed25519(priv, pub)
      : true;
    return ok ? undefined : 'its private part does not match its public key (damaged key)';
  } catch (error) {
    return `it cannot be decoded (${(error as Error).message})`;
  }
}
