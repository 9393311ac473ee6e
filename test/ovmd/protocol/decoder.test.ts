import { describe, expect, it } from 'vitest';
import {
  DEVICE_PAYLOAD_MAX, encodeMessage, FrameDecoder, Op, ProtocolError, SOCKET_PAYLOAD_MAX, type Message,
} from '../../../ovmd/protocol/index.js';

const msg = (type: number, reqId: number, payload: string | Buffer, txId = 0): Message => ({
  type, reqId, txId, payload: typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload,
});

/** Decoder cases: a byte stream and the messages it must yield. */
const CASES: [string, Message[]][] = [
  ['one reply', [msg(Op.READ, 5, 'value')]],
  ['an empty payload', [msg(Op.DIRECTORY, 1, '')]],
  ['a payload with NULs', [msg(Op.READ, 9, Buffer.from([0, 1, 0, 255, 0]))]],
  ['several messages', [msg(Op.WRITE, 1, 'OK\0'), msg(Op.WATCH_EVENT, 0, '/a\0tok\0'), msg(Op.READ, 2, 'x')]],
  ['an event between a request and its reply', [msg(Op.WATCH_EVENT, 0, '/t/w1\0t\0'), msg(Op.WRITE, 3, 'OK\0')]],
  ['a 4096-byte payload', [msg(Op.READ, 4, Buffer.alloc(4096, 0x61)), msg(Op.ERROR, 5, 'ENOENT\0')]],
  ['a transaction reply', [msg(Op.TRANSACTION_START, 7, '12\0', 0), msg(Op.ERROR, 8, 'EAGAIN\0', 12)]],
];

const streamOf = (ms: Message[]) => Buffer.concat(ms.map(encodeMessage));

describe('FrameDecoder', () => {
  describe.each(CASES)('%s', (_label, expected) => {
    it('decodes it fed as one chunk', () => {
      const d = new FrameDecoder();
      expect(d.push(streamOf(expected))).toEqual(expected);
      expect(d.buffered).toBe(0);
    });

    it('decodes it fed byte by byte', () => {
      const d = new FrameDecoder();
      const stream = streamOf(expected);
      const out: Message[] = [];
      for (let i = 0; i < stream.length; i++) out.push(...d.push(stream.subarray(i, i + 1)));
      expect(out).toEqual(expected);
      expect(d.buffered).toBe(0);
    });

    it('decodes it fed in 7-byte chunks', () => {
      const d = new FrameDecoder();
      const stream = streamOf(expected);
      const out: Message[] = [];
      for (let i = 0; i < stream.length; i += 7) out.push(...d.push(stream.subarray(i, i + 7)));
      expect(out).toEqual(expected);
    });
  });

  it('yields nothing until the payload is complete', () => {
    const d = new FrameDecoder();
    const stream = encodeMessage(msg(Op.READ, 1, 'abcdef'));
    expect(d.push(stream.subarray(0, 16))).toEqual([]);
    expect(d.push(stream.subarray(16, 20))).toEqual([]);
    expect(d.buffered).toBe(20);
    expect(d.push(stream.subarray(20))).toHaveLength(1);
  });

  it('does not alias the chunk it was given', () => {
    const d = new FrameDecoder();
    const stream = encodeMessage(msg(Op.READ, 1, 'abc'));
    const [m] = d.push(stream);
    stream.fill(0);
    expect(m!.payload.toString()).toBe('abc');
  });

  it('rejects a header len over the socket limit and stays failed (no resync)', () => {
    const d = new FrameDecoder(SOCKET_PAYLOAD_MAX);
    const header = Buffer.alloc(16);
    header.writeUInt32LE(Op.READ, 0);
    header.writeUInt32LE(SOCKET_PAYLOAD_MAX + 1, 12);
    expect(() => d.push(header)).toThrow(ProtocolError);
    expect(() => d.push(encodeMessage(msg(Op.READ, 1, 'ok')))).toThrow(/already failed/);
  });

  it('rejects an over-limit len even when it arrives byte by byte, before any payload', () => {
    const d = new FrameDecoder(DEVICE_PAYLOAD_MAX);
    const header = Buffer.alloc(16);
    header.writeUInt32LE(DEVICE_PAYLOAD_MAX + 1, 12);
    for (let i = 0; i < 15; i++) expect(d.push(header.subarray(i, i + 1))).toEqual([]);
    expect(() => d.push(header.subarray(15))).toThrow(/4081 payload bytes, over the 4080-byte limit/);
  });

  it('accepts a len exactly at the limit', () => {
    const d = new FrameDecoder(SOCKET_PAYLOAD_MAX);
    expect(d.push(encodeMessage(msg(Op.READ, 1, Buffer.alloc(SOCKET_PAYLOAD_MAX))))).toHaveLength(1);
  });
});
