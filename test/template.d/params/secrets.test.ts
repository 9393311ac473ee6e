import { describe, expect, it } from 'vitest';
import { isSecretKey, looksSecret, MASK, SecretMasker } from '../../../template.d/params/secrets.js';

describe('SecretMasker', () => {
  const masker = new SecretMasker(['pw', 'key']);
  masker.remember({ pw: 'He said "hi"\\', key: 'line-one-of-key\nline-two-of-key', other: 'visible' });

  it('masks raw values, their JSON-escaped form and each line of a multi-line secret', () => {
    expect(masker.mask('raw He said "hi"\\ end')).toBe(`raw ${MASK} end`);
    expect(masker.mask(JSON.stringify({ pw: 'He said "hi"\\' }))).toBe(`{"pw":"${MASK}"}`);
    expect(masker.mask('got line-two-of-key only')).toBe(`got ${MASK} only`);
    expect(masker.mask('visible stays')).toBe('visible stays');
  });

  it('replaces secret values in a set, and can drop them entirely', () => {
    expect(masker.maskParams({ pw: 'x', other: 'visible' })).toEqual({ pw: MASK, other: 'visible' });
    expect(masker.withoutSecrets({ pw: 'x', key: 'y', other: 'visible' })).toEqual({ other: 'visible' });
  });
});

describe('indexed secret keys', () => {
  const keys = ['com.oracle.linux.user.password.0', 'com.oracle.linux.user.password.1', 'com.oracle.linux.root-password'];

  it('treats every index of a key flagged at index 0 or 1 as secret', () => {
    const masker = new SecretMasker(keys);
    const set = { 'com.oracle.linux.user.password.7': 'canary-Seven-77', 'com.oracle.linux.user.name.7': 'alice' };
    masker.remember(set);
    expect(masker.maskParams(set)).toEqual({ 'com.oracle.linux.user.password.7': MASK, 'com.oracle.linux.user.name.7': 'alice' });
    expect(masker.withoutSecrets(set)).toEqual({ 'com.oracle.linux.user.name.7': 'alice' });
    expect(masker.mask('useradd said canary-Seven-77')).toBe(`useradd said ${MASK}`);
  });

  it('does not widen an unindexed secret key to look-alikes', () => {
    // (The name rule alone makes ...root-password.2 secret for the masker: see below.)
    expect(isSecretKey(keys, 'com.oracle.linux.root-password.2')).toBe(false);
    expect(new SecretMasker(keys).isSecret('com.oracle.linux.user.name.0')).toBe(false);
  });
});

describe('the name half of the secret rule', () => {
  it('treats a key whose name says secret as secret, declared or not', () => {
    const masker = new SecretMasker([]);
    for (const key of ['com.example.db-password', 'x.passwd', 'com.example.api-secret', 'com.oracle.linux.ssh.private-key.3']) {
      expect(looksSecret(key), key).toBe(true);
      expect(masker.isSecret(key), key).toBe(true);
    }
    expect(masker.isSecret('com.oracle.linux.network.hostname')).toBe(false);
  });
});

describe('short secrets', () => {
  it('masks a short secret only where it stands as a word, so ordinary words do not reveal it', () => {
    const masker = new SecretMasker(['pw']);
    masker.remember({ pw: 'x' });
    expect(masker.mask('user exists; password x set')).toBe(`user exists; password ${MASK} set`);
  });
});
