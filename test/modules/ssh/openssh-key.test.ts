// The private-key consistency check: real keys pass; a byte flipped anywhere in the key
// material (not only where ssh-keygen -y looks) is caught, for every key type.
import { beforeAll, describe, expect, it } from 'vitest';
import { privateKeyProblem } from '../../../modules/ssh/openssh-key.js';
import { generateKeys, type Keys } from './keys.js';

let keys: Keys;
beforeAll(() => {
  keys = generateKeys();
}, 60_000);

function decode(text: string): Buffer {
  return Buffer.from(text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function encode(raw: Buffer): string {
  const lines = raw.toString('base64').match(/.{1,70}/g)!;
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
}

function flipped(text: string, at: number): string {
  const raw = Buffer.from(decode(text));
  raw[at] = raw[at]! ^ 0x10;
  return encode(raw);
}

describe('privateKeyProblem', () => {
  const types = ['rsa', 'dsa', 'ecdsa', 'ed25519'] as const;

  it.each(types)('accepts a real %s key, and its re-encoding', (type) => {
    expect(privateKeyProblem(keys[type].priv)).toBeUndefined();
    expect(privateKeyProblem(encode(decode(keys[type].priv)))).toBeUndefined();
  });

  it.each(types)('catches a flipped byte anywhere in the %s key material', (type) => {
    const raw = decode(keys[type].priv);
    // From the outer public key to just before the comment and padding at the end.
    const missed: number[] = [];
    for (let at = 40; at < raw.length - 32; at += 3) {
      if (privateKeyProblem(flipped(keys[type].priv, at)) === undefined) missed.push(at);
    }
    // Flips inside the length-prefixed header strings may still decode; none in key numbers may pass.
    expect(missed.filter((at) => at > 100)).toEqual([]);
  });

  it('catches a key whose public blob belongs to another key', () => {
    const a = decode(keys.ed25519.priv);
    const b = decode(keys.ed25519b.priv);
    const mixed = Buffer.concat([b.subarray(0, 100), a.subarray(100)]);
    expect(privateKeyProblem(encode(mixed))).toMatch(/does not match|cannot be decoded/);
  });

  it('leaves PEM and non-key text to ssh-keygen', () => {
    expect(privateKeyProblem('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n')).toBeUndefined();
    expect(privateKeyProblem('hello')).toBeUndefined();
  });
});
