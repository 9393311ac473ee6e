// A deliberately low-level xenbus device connection for probing the kernel driver itself:
// exact bytes per write(), errno of each write(), replies read with a deadline (the fd is
// non-blocking and polled, so a message that never comes is a finding, not a hang).
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';

export interface Frame {
  type: number;
  reqId: number;
  txId: number;
  payload: Buffer;
}

/** Why: tests build exact headers, including wrong ones. */
export function frame(type: number, reqId: number, payload: Buffer | string, len?: number): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(16);
  h.writeUInt32LE(type, 0);
  h.writeUInt32LE(reqId, 4);
  h.writeUInt32LE(0, 8);
  h.writeUInt32LE(len ?? body.length, 12);
  return Buffer.concat([h, body]);
}

/** A string payload: NUL-separated parts, each NUL-terminated (xenstore's convention). */
export function z(...parts: string[]): string {
  return parts.map((p) => `${p}\0`).join('');
}

export class RawDevice {
  readonly fd: number;
  private pending = Buffer.alloc(0);

  constructor(path = '/dev/xen/xenbus') {
    this.fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  }

  /** One write() call; returns the count or the errno name. */
  write(buf: Buffer): number | string {
    try {
      return writeSync(this.fd, buf);
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? String(err);
    }
  }

  /** The next whole message, or undefined when none arrived within timeoutMs. */
  async next(timeoutMs = 2000): Promise<Frame | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const f = this.take();
      if (f) return f;
      const buf = Buffer.alloc(8192);
      let n = 0;
      try {
        n = readSync(this.fd, buf);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
      if (n > 0) this.pending = Buffer.concat([this.pending, buf.subarray(0, n)]);
      else if (Date.now() > end) return undefined;
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** The reply to reqId, skipping (and collecting) anything else. */
  async reply(reqId: number, timeoutMs = 2000, others: Frame[] = []): Promise<Frame | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const f = await this.next(Math.max(0, end - Date.now()));
      if (!f) return undefined;
      if (f.type !== 15 && f.reqId === reqId) return f;
      others.push(f);
    }
  }

  /** Why: one request, one answer: "OK", the value, or "ERR:<errno>". */
  async ask(type: number, reqId: number, payload: string | Buffer): Promise<string> {
    const w = this.write(frame(type, reqId, payload));
    if (typeof w === 'string') return `WRITE:${w}`;
    const r = await this.reply(reqId);
    if (!r) return 'NO-REPLY';
    const text = r.payload.toString('latin1').replace(/\0$/, '');
    return r.type === 16 ? `ERR:${text}` : text;
  }

  private take(): Frame | undefined {
    if (this.pending.length < 16) return undefined;
    const len = this.pending.readUInt32LE(12);
    if (this.pending.length < 16 + len) return undefined;
    const f = { type: this.pending.readUInt32LE(0), reqId: this.pending.readUInt32LE(4), txId: this.pending.readUInt32LE(8), payload: this.pending.subarray(16, 16 + len) };
    this.pending = this.pending.subarray(16 + len);
    return f;
  }

  close(): void {
    closeSync(this.fd);
  }
}
