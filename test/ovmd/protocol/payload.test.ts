import { describe, expect, it } from 'vitest';
import {
  errorPayload, nulStrings, parseErrorName, parseString, parseStringList, parseTxId, parseWatchEvent,
  ProtocolError, writePayload,
} from '../../../ovmd/protocol/index.js';

describe('payload builders', () => {
  it('terminates every argument with NUL', () => {
    expect(nulStrings('/a/b')).toEqual(Buffer.from('/a/b\0'));
    expect(nulStrings('/t', 'tok')).toEqual(Buffer.from('/t\0tok\0'));
    expect(nulStrings('')).toEqual(Buffer.from('\0'));
    expect(nulStrings('/p', 'n0', 'r7')).toEqual(Buffer.from('/p\0n0\0r7\0'));
  });

  it('writes path\\0value with no NUL after the value', () => {
    expect(writePayload('/a', 'v')).toEqual(Buffer.from('/a\0v'));
    expect(writePayload('/a', '')).toEqual(Buffer.from('/a\0'));
    const bin = Buffer.from([0, 255, 0, 10]);
    expect(writePayload('/a', bin)).toEqual(Buffer.concat([Buffer.from('/a\0'), bin]));
  });

  it('encodes string values as UTF-8', () => {
    expect(writePayload('/a', 'é')).toEqual(Buffer.from([0x2f, 0x61, 0, 0xc3, 0xa9]));
  });
});

describe('payload parsers', () => {
  it('splits directory and permission lists; empty is []', () => {
    expect(parseStringList(Buffer.from('a\0b\0c\0'))).toEqual(['a', 'b', 'c']);
    expect(parseStringList(Buffer.from('n0\0r5\0'))).toEqual(['n0', 'r5']);
    expect(parseStringList(Buffer.alloc(0))).toEqual([]);
  });

  it('reads NUL-terminated strings', () => {
    expect(parseString(Buffer.from('/local/domain/7\0'))).toBe('/local/domain/7');
    expect(parseString(Buffer.from('OK'))).toBe('OK');
  });

  it('parses transaction ids and refuses garbage', () => {
    expect(parseTxId(Buffer.from('17\0'))).toBe(17);
    expect(() => parseTxId(Buffer.from('x\0'))).toThrow(ProtocolError);
    expect(() => parseTxId(Buffer.from('0\0'))).toThrow(ProtocolError);
  });

  it('parses error names, mapping garbage to EIO', () => {
    expect(parseErrorName(errorPayload('ENOENT'))).toBe('ENOENT');
    expect(parseErrorName(Buffer.from('E2BIG\0'))).toBe('E2BIG');
    expect(parseErrorName(Buffer.from('nonsense'))).toBe('EIO');
  });

  it('parses watch events and refuses a payload without a token', () => {
    expect(parseWatchEvent(Buffer.from('/t/w1\0tok\0'))).toEqual({ path: '/t/w1', token: 'tok' });
    expect(parseWatchEvent(Buffer.from('data/x\0a:b\0'))).toEqual({ path: 'data/x', token: 'a:b' });
    expect(() => parseWatchEvent(Buffer.from('/t\0'))).toThrow(ProtocolError);
  });
});
