// Pure text handling of the ssh module: merging key lines without duplicates, rebuilding
// one-line armoured keys, protocol 1 key shapes, public key parsing.
import { describe, expect, it } from 'vitest';
import { normaliseKeyText, parsePublicLine } from '../../../modules/ssh/key-check.js';
import { keyLines, mergeLines } from '../../../modules/ssh/line-merge.js';
import { rsa1PrivateBytes, rsa1PublicLine } from '../../../modules/ssh/rsa1.js';

describe('mergeLines', () => {
  it('appends only new lines, keeping existing ones and comments in place', () => {
    expect(mergeLines('# mine\nssh-rsa AAA a\n', ['ssh-rsa  AAA   a', 'ssh-ed25519 BBB b', 'ssh-ed25519 BBB b'])).toBe(
      '# mine\nssh-rsa AAA a\nssh-ed25519 BBB b\n',
    );
  });
  it('says "nothing to write" when every line is there', () => {
    expect(mergeLines('ssh-rsa AAA a\n', ['ssh-rsa AAA a'])).toBeUndefined();
  });
  it('adds the missing final newline of an existing file before appending', () => {
    expect(mergeLines('ssh-rsa AAA a', ['ssh-rsa BBB b'])).toBe('ssh-rsa AAA a\nssh-rsa BBB b\n');
    expect(mergeLines(undefined, ['ssh-rsa BBB b'])).toBe('ssh-rsa BBB b\n');
  });
  it('takes the key lines of a value, dropping blanks, comments and CRs', () => {
    expect(keyLines('ssh-rsa AAA a\r\n\n# note\n  ssh-rsa BBB b  ')).toEqual(['ssh-rsa AAA a', 'ssh-rsa BBB b']);
  });
});

describe('normaliseKeyText', () => {
  const body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBr3KM8K+Xa';
  it('rebuilds a key that arrived on one line, at the format\'s width', () => {
    const text = normaliseKeyText(`-----BEGIN OPENSSH PRIVATE KEY----- ${body.slice(0, 50)} ${body.slice(50)} -----END OPENSSH PRIVATE KEY-----`);
    expect(text).toBe(`-----BEGIN OPENSSH PRIVATE KEY-----\n${body.slice(0, 70)}\n${body.slice(70)}\n-----END OPENSSH PRIVATE KEY-----\n`);
  });
  it('keeps a multi-line key as it is, fixing CRLF and the final newline', () => {
    expect(normaliseKeyText('-----BEGIN X-----\r\nAAAA\r\n-----END X-----')).toBe('-----BEGIN X-----\nAAAA\n-----END X-----\n');
  });
});

describe('parsePublicLine', () => {
  it('knows the key types and ignores the comment', () => {
    expect(parsePublicLine('ssh-ed25519 AAAAC3Nz== me@host')).toEqual({ type: 'ed25519', id: 'ssh-ed25519 AAAAC3Nz==', line: 'ssh-ed25519 AAAAC3Nz== me@host' });
    expect(parsePublicLine('ecdsa-sha2-nistp384 AAAA')?.type).toBe('ecdsa');
    expect(parsePublicLine('ssh-foo AAAA')).toBeUndefined();
    expect(parsePublicLine('ssh-rsa not/base64!')).toBeUndefined();
  });
});

describe('protocol 1 keys', () => {
  const file = Buffer.concat([Buffer.from('SSH PRIVATE KEY FILE FORMAT 1.1\n\0'), Buffer.from([0, 255, 128])]);
  it('accepts the binary file raw or base64-encoded', () => {
    expect(rsa1PrivateBytes('k', file.toString('latin1')).equals(file)).toBe(true);
    expect(rsa1PrivateBytes('k', file.toString('base64')).equals(file)).toBe(true);
    expect(() => rsa1PrivateBytes('k', 'SSH PRIVATE KEY')).toThrow(/protocol 1/);
  });
  it('checks that the public line\'s bit count matches its modulus', () => {
    const n = (1n << 1023n) + 12345n;
    expect(rsa1PublicLine('k', `1024 65537 ${n} root@tmpl`)).toBe(`1024 65537 ${n} root@tmpl`);
    expect(() => rsa1PublicLine('k', `2048 65537 ${n}`)).toThrow(/says 2048 bits but its modulus has 1024/);
    expect(() => rsa1PublicLine('k', 'ssh-rsa AAAA')).toThrow(/protocol 1 public key/);
  });
});
