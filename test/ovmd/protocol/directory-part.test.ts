import { describe, expect, it } from 'vitest';
import { directoryPartPayload, parseDirectoryPart, ProtocolError } from '../../../ovmd/protocol/index.js';

describe('DIRECTORY_PART payloads', () => {
  it('asks for path and decimal byte offset, both NUL-terminated', () => {
    expect(directoryPartPayload('/big', 0)).toEqual(Buffer.from('/big\x000\0'));
    expect(directoryPartPayload('data', 4075)).toEqual(Buffer.from('data\x004075\0'));
    expect(() => directoryPartPayload('/big', -1)).toThrow(RangeError);
    expect(() => directoryPartPayload('/big', 1.5)).toThrow(RangeError);
  });

  it('parses a middle slice: generation, names, not complete', () => {
    const part = parseDirectoryPart(Buffer.from('604\0a\0bb\0'));
    expect(part).toEqual({ generation: '604', names: Buffer.from('a\0bb\0'), complete: false });
  });

  it('parses the last slice, whose extra NUL ends the list (C xenstored 4.17, observed)', () => {
    const part = parseDirectoryPart(Buffer.from('604\0cc\0d\0\0'));
    expect(part).toEqual({ generation: '604', names: Buffer.from('cc\0d\0'), complete: true });
  });

  it('parses an empty list and an offset past the end as "gen\\0\\0"', () => {
    expect(parseDirectoryPart(Buffer.from('7\0\0'))).toEqual({ generation: '7', names: Buffer.alloc(0), complete: true });
  });

  it('refuses replies that break the format', () => {
    for (const bad of ['', '604', 'x\0a\0\0', '604\0', '604\0abc']) {
      expect(() => parseDirectoryPart(Buffer.from(bad)), JSON.stringify(bad)).toThrow(ProtocolError);
    }
  });
});
