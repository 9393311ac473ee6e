import { describe, expect, it } from 'vitest';
import { decodeHeader, encodeMessage, FrameDecoder, OPS } from '../../../ovmd/protocol/index.js';

describe('header codec', () => {
  it('lays the four fields out little-endian, then the payload', () => {
    const buf = encodeMessage({ type: 2, reqId: 0x01020304, txId: 0xffffffff, payload: Buffer.from('/a\0') });
    expect(buf.subarray(0, 16).toString('hex')).toBe('02000000' + '04030201' + 'ffffffff' + '03000000');
    expect(buf.subarray(16).toString()).toBe('/a\0');
  });

  it.each(OPS.map((o) => [o.name, o.code] as const))('round-trips a %s message', (_name, code) => {
    const payload = Buffer.from(`path-${code}\0value`);
    const buf = encodeMessage({ type: code, reqId: code * 7 + 1, txId: code, payload });
    expect(decodeHeader(buf)).toEqual({ type: code, reqId: code * 7 + 1, txId: code, len: payload.length });
    const [m] = new FrameDecoder().push(buf);
    expect(m).toEqual({ type: code, reqId: code * 7 + 1, txId: code, payload });
  });

  it('keeps req_id 0 and 0xffffffff intact', () => {
    for (const reqId of [0, 0xffffffff]) {
      const m = new FrameDecoder().push(encodeMessage({ type: 2, reqId, txId: 0, payload: Buffer.alloc(0) }));
      expect(m[0]!.reqId).toBe(reqId);
    }
  });
});
