// The key-name rule on its own: what it refuses, how a refused key is shown, and the limit in bytes.
import { describe, expect, it } from 'vitest';
import { checkKeyName, KEY_NAME_MAX_BYTES, KeyNameError, keyNameProblem, showKey } from '../../../template.d/params/key-name.js';
import { BAD_KEYS } from './bad-keys.js';

describe('keyNameProblem', () => {
  it.each(BAD_KEYS)('refuses a key with %s', (_, key, reason) => {
    expect(keyNameProblem(key)).toMatch(reason);
    expect(() => checkKeyName(key)).toThrow(KeyNameError);
  });

  it('accepts ordinary keys, 255 bytes counted in UTF-8, and odd but harmless characters', () => {
    for (const key of ['com.oracle.linux.network.ipaddr.0', 'VMAPIEvent', 'k'.repeat(KEY_NAME_MAX_BYTES), 'é'.repeat(127), '#odd', '"quoted"']) {
      expect(keyNameProblem(key), key).toBeUndefined();
    }
    expect(keyNameProblem('é'.repeat(128))).toMatch(/256 bytes/);
  });

  it('refuses invisible and terminal-unsafe characters: CR, DEL, C1, bidi override, zero-width, NBSP, U+2028, broken UTF-8', () => {
    for (const key of ['a\rb', 'a\x7fb', 'a\x9bb', 'a\u202eb', 'a\u200bb', 'a\u00a0b', 'a\u2028b', 'a\ufffdb', 'a\ud800b', 'a\0b']) {
      expect(keyNameProblem(key), JSON.stringify(key)).toBeDefined();
    }
  });
});

describe('showKey', () => {
  it('escapes what it refuses and never prints what follows the first "="', () => {
    const shown = showKey('com.acme.a\ncom.oracle.linux.root-password=S3cret');
    expect(shown).toBe('"com.acme.a\\ncom.oracle.linux.root-password=…"');
    expect(shown).not.toMatch(/[\n]|S3cret/);
    expect(showKey('a\u202eb\tc')).toBe('"a\\u{202e}b\\tc"');
  });

  it('cuts a long key and says how long it was', () => {
    expect(showKey('k'.repeat(400))).toMatch(/^"k{80}… \(400 bytes\)"$/);
  });

  it('the problem text itself holds no raw control character', () => {
    for (const [, key] of BAD_KEYS) expect(keyNameProblem(key)).not.toMatch(/[\n\t\r]/);
  });
});
