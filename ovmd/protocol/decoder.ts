// Reassembles whole messages from a byte stream split anywhere: a socket or the xenbus device may
// hand over half a header, a header without its payload, or several messages at once (XSDOC;
// LNX xenbus_file_read may stop mid-message). A `len` over the limit is a framing error: the
// caller must close the connection, because there is no way to find the next header again.
import { ProtocolError } from './errors.js';
import { decodeHeader, type Message } from './header.js';
import { HEADER_SIZE, SOCKET_PAYLOAD_MAX } from './limits.js';

/** Stateful frame decoder: push chunks in, get whole messages out. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly maxPayload = SOCKET_PAYLOAD_MAX) {}

  /** Feeds one chunk; returns the messages it completed (possibly none). Throws ProtocolError. */
  push(chunk: Buffer): Message[] {
    if (this.failed) throw new ProtocolError('xenstore stream already failed to decode');
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Message[] = [];
    let at = 0;
    while (buf.length - at >= HEADER_SIZE) {
      const h = decodeHeader(buf, at);
      if (h.len > this.maxPayload) {
        this.failed = true;
        throw new ProtocolError(
          `xenstore message header announces ${h.len} payload bytes, over the ${this.maxPayload}-byte limit (type ${h.type}, req_id ${h.reqId})`,
        );
      }
      if (buf.length - at < HEADER_SIZE + h.len) break;
      const start = at + HEADER_SIZE;
      // Copy so that messages never pin (or alias) the caller's chunk buffers.
      const payload = Buffer.from(buf.subarray(start, start + h.len));
      out.push({ type: h.type, reqId: h.reqId, txId: h.txId, payload });
      at = start + h.len;
    }
    this.pending = at === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(at));
    return out;
  }

  /** Bytes held back waiting for the rest of a message (0 at a message boundary). */
  get buffered(): number {
    return this.pending.length;
  }
}
