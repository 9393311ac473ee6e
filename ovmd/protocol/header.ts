// struct xsd_sockmsg: the 16-byte header in front of every message, both directions (XSWIRE).
// The fields are native-endian u32; every Xen architecture in use is little-endian, so LE here.
import { HEADER_SIZE } from './limits.js';

/** A whole message: header fields plus exactly `len` payload bytes. */
export interface Message {
  type: number;
  reqId: number;
  txId: number;
  payload: Buffer;
}

export interface Header {
  type: number;
  reqId: number;
  txId: number;
  len: number;
}

/** Reads the header at `offset` of `buf` (which must hold at least 16 bytes from there). */
export function decodeHeader(buf: Buffer, offset = 0): Header {
  return {
    type: buf.readUInt32LE(offset),
    reqId: buf.readUInt32LE(offset + 4),
    txId: buf.readUInt32LE(offset + 8),
    len: buf.readUInt32LE(offset + 12),
  };
}

/** Writes a header for the given fields into `buf` at `offset`. */
export function writeHeader(buf: Buffer, h: Header, offset = 0): void {
  buf.writeUInt32LE(h.type >>> 0, offset);
  buf.writeUInt32LE(h.reqId >>> 0, offset + 4);
  buf.writeUInt32LE(h.txId >>> 0, offset + 8);
  buf.writeUInt32LE(h.len >>> 0, offset + 12);
}

/** Header plus payload in one buffer, so a transport can hand it to a single write(). */
export function encodeMessage(m: Message): Buffer {
  const out = Buffer.allocUnsafe(HEADER_SIZE + m.payload.length);
  writeHeader(out, { type: m.type, reqId: m.reqId, txId: m.txId, len: m.payload.length });
  m.payload.copy(out, HEADER_SIZE);
  return out;
}
