import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../../ovmd/vmapi/batch.js';
import { BAD_KEYS } from '../../template.d/params/bad-keys.js';
import { checkMessage, chunkOrder, joinChunks, MessageError, parseCounter, splitValue } from '../../../ovmd/vmapi/message.js';

describe('message limits', () => {
  it('accepts a 255-byte key and an 8191-byte value, refuses one byte more', () => {
    expect(() => checkMessage({ key: 'k'.repeat(255), value: 'v'.repeat(8191) })).not.toThrow();
    expect(() => checkMessage({ key: 'k'.repeat(256), value: '' })).toThrow(/256 bytes; at most 255 are allowed/);
    expect(() => checkMessage({ key: 'k', value: 'v'.repeat(8192) })).toThrow(/8192 bytes; the channel allows at most 8191/);
  });

  it('counts bytes, not characters, and refuses empty keys and NULs', () => {
    expect(() => checkMessage({ key: 'é'.repeat(128), value: '' })).toThrow(MessageError);
    expect(() => checkMessage({ key: '', value: 'x' })).toThrow(/empty/);
    expect(() => checkMessage({ key: 'a', value: 'x\0y' })).toThrow(/NUL/);
  });

  it.each(BAD_KEYS)('refuses a key with %s at both ends of the channel, naming it escaped', (_, key, reason) => {
    expect(() => checkMessage({ key, value: 'v' })).toThrow(reason);
    try {
      checkMessage({ key, value: 'v' });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/[\n\t]/);
    }
  });
});

describe('chunks', () => {
  it('splits at the chunk size and joins back, even through a split UTF-8 sequence', () => {
    const value = 'ä'.repeat(3000);
    const chunks = splitValue(value, 1023);
    expect(chunks.every((c) => c.length <= 1023)).toBe(true);
    expect(joinChunks(chunks)).toBe(value);
  });

  it('sends an empty value as one empty chunk', () => {
    expect(splitValue('')).toEqual([Buffer.alloc(0)]);
  });

  it('orders chunk names numerically and refuses gaps and junk', () => {
    expect(chunkOrder(['10', '2', '0', '1', '3', '4', '5', '6', '7', '8', '9'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(chunkOrder(['0', '2'])).toBeUndefined();
    expect(chunkOrder(['0', 'x'])).toBeUndefined();
    expect(chunkOrder([])).toBeUndefined();
  });

  it('parses counters strictly', () => {
    expect(parseCounter('42')).toBe(42);
    expect(parseCounter(' 7\n')).toBe(7);
    expect(parseCounter('-1')).toBeUndefined();
    expect(parseCounter('4x')).toBeUndefined();
    expect(parseCounter('')).toBeUndefined();
  });
});

describe('batches', () => {
  it('keeps the order of a JSON object and of key=value lines', () => {
    expect(parseBatch('{"b":"1","a":"2","c":3}').map((m) => m.key)).toEqual(['b', 'a', 'c']);
    const lines = parseBatch('# comment\nz=1\n\ny=a=b\n');
    expect(lines).toEqual([{ key: 'z', value: '1' }, { key: 'y', value: 'a=b' }]);
  });

  it('refuses bad batches with the line or key at fault', () => {
    expect(() => parseBatch('novalue\n')).toThrow(/line 1/);
    expect(() => parseBatch('{"a": {"x": 1}}')).toThrow(/"a"/);
    expect(() => parseBatch('{bad json')).toThrow(/not valid JSON/);
    expect(() => parseBatch('\n# only a comment\n')).toThrow(/no message/);
    expect(() => parseBatch(`${'k'.repeat(300)}=v`)).toThrow(/at most 255/);
  });

  it('lists every problem of a batch at once: format, key names and channel limits, by line', () => {
    const text = `a=1\nno value here\nb c=2\nbig=${'v'.repeat(8200)}\n`;
    let message = '';
    try {
      parseBatch(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^2 problems:\n  line 2: expected key=value\n  line 3: key "b\\x20c" contains a blank/);
    // Channel limits are checked once the file reads cleanly, again with the line.
    expect(() => parseBatch(`a=1\nbig=${'v'.repeat(8200)}\nbig2=${'v'.repeat(8200)}\n`)).toThrow(/2 problems:\n  line 2: .*8200 bytes.*\n  line 3: /);
  });
});
