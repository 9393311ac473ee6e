// A stand-in for Linux /dev/xen/xenbus that enforces the kernel driver's documented rules
// (drivers/xen/xenbus/xenbus_dev_frontend.c; shared spec xenstore.md §1.8) in front of a REAL
// xenstored socket. The real device cannot exist without Xen; this double makes every rule a
// test failure when violated, and otherwise forwards to the real daemon like the kernel does.
import { connect as netConnect, type Socket } from 'node:net';
import type { DeviceFileOps } from '../../../ovmd/transport/index.js';
import {
  encodeMessage, FrameDecoder, nulStrings, Op, parseErrorName, parseStringList, parseTxId, type Message,
} from '../../../ovmd/protocol/index.js';

const BUF = 4096; // the per-file buffer, header included

export interface DoubleOptions {
  /** When the initial watch event reaches the reader relative to the synthesized OK. */
  initialEvent?: 'before' | 'after';
  /** Largest count one read() returns, to split messages anywhere (default: all queued). */
  maxReadChunk?: number;
}

function errno(name: string): Error {
  return Object.assign(new Error(`write: ${name}`), { code: name });
}

interface KernelWatch { path: string; callerToken: string; ok?: () => void; acked: boolean; held: Message[] }

/** DeviceFileOps backed by the double; `violations` lists every rule the client broke. */
export class XenbusDeviceDouble implements DeviceFileOps {
  readonly violations: string[] = [];
  /** Complete messages the client wrote, in order. */
  readonly written: Message[] = [];
  droppedBytes = 0;
  private wbuf = Buffer.alloc(0);
  private writing = false;
  private queue: Buffer[] = [];
  private reader: { buf: Buffer; resolve(n: number): void; reject(e: Error): void } | undefined;
  private backend!: Socket;
  private readonly decoder = new FrameDecoder();
  private kernelReqId = 1000;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private readonly watches = new Map<string, KernelWatch>();
  private readonly txs = new Set<number>();
  private nextToken = 1;
  private lastCallerReqId = 0;
  private closed = false;
  /** A WATCH or UNWATCH of this file is being registered with xenstored (the write mutex is held). */
  private registering = false;

  constructor(private readonly xenstoredSocket: string, private readonly options: DoubleOptions = {}) {}

  open(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.backend = netConnect({ path: this.xenstoredSocket });
      this.backend.once('error', reject);
      this.backend.on('data', (chunk) => this.decoder.push(chunk).forEach((m) => this.fromBackend(m)));
      this.backend.once('connect', () => resolve(3));
    });
  }

  async write(_fd: number, buf: Buffer): Promise<number> {
    if (this.writing) this.violations.push('write() while another write() was in progress');
    this.writing = true;
    try {
      if (this.wbuf.length + buf.length > BUF) {
        this.wbuf = Buffer.alloc(0);
        throw errno('EINVAL');
      }
      this.wbuf = Buffer.concat([this.wbuf, buf]);
      if (this.wbuf.length < 16) return buf.length;
      const len = this.wbuf.readUInt32LE(12);
      if (16 + len > BUF) {
        this.wbuf = Buffer.alloc(0);
        throw errno('E2BIG');
      }
      if (this.wbuf.length < 16 + len) return buf.length;
      const extra = this.wbuf.length - 16 - len;
      if (extra > 0) {
        // The driver resets its buffer after the first complete message: the rest is lost.
        this.droppedBytes += extra;
        this.violations.push(`${extra} bytes after the first complete message of a write() were dropped`);
      }
      const [m] = new FrameDecoder().push(this.wbuf.subarray(0, 16 + len));
      this.wbuf = Buffer.alloc(0);
      this.written.push(m!);
      await this.handle(m!);
      return buf.length;
    } finally {
      this.writing = false;
    }
  }

  read(_fd: number, buf: Buffer): Promise<number> {
    if (buf.length === 0) {
      this.violations.push('read() of 0 bytes (never returns on the real device)');
      return new Promise(() => undefined);
    }
    if (this.reader) this.violations.push('two read() calls outstanding at once');
    return new Promise((resolve, reject) => {
      this.reader = { buf, resolve, reject };
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader?.reject(errno('EBADF'));
    this.reader = undefined;
    // The kernel drops the file's watches and aborts its transactions on release.
    for (const [token, w] of this.watches) this.toBackend(Op.UNWATCH, 0, nulStrings(w.path, token));
    for (const tx of this.txs) this.toBackend(Op.TRANSACTION_END, tx, nulStrings('F'));
    this.backend.end();
  }

  private pump(): void {
    const r = this.reader;
    if (!r || this.queue.length === 0) return;
    const all = Buffer.concat(this.queue);
    const n = Math.min(r.buf.length, all.length, this.options.maxReadChunk ?? Infinity);
    all.copy(r.buf, 0, 0, n);
    this.queue = n < all.length ? [all.subarray(n)] : [];
    this.reader = undefined;
    r.resolve(n);
  }

  private deliver(m: Message): void {
    if (this.closed) return;
    this.queue.push(encodeMessage(m));
    this.pump();
  }

  private toBackend(type: number, txId: number, payload: Buffer): Promise<Message> {
    const reqId = ++this.kernelReqId;
    this.backend.write(encodeMessage({ type, reqId, txId, payload }));
    return new Promise((resolve) => this.waiting.set(reqId, resolve));
  }

  private fromBackend(m: Message): void {
    if (m.type !== Op.WATCH_EVENT) {
      this.waiting.get(m.reqId)?.(m);
      this.waiting.delete(m.reqId);
      return;
    }
    const [path, token] = parseStringList(m.payload);
    const w = this.watches.get(token!);
    if (!w) return;
    // Re-emitted with the caller's token; req_id/tx_id are left uninitialised by the kernel.
    // Use the last caller req_id, so a client that looked events up by req_id would misroute.
    const garbage = { reqId: this.lastCallerReqId, txId: 0xdeadbeef };
    const event = { type: Op.WATCH_EVENT, ...garbage, payload: nulStrings(path!, w.callerToken) };
    if (this.options.initialEvent !== 'before' && !w.acked) return void w.held.push(event);
    this.deliver(event);
    w.ok?.();
  }

  private async handle(m: Message): Promise<void> {
    this.lastCallerReqId = m.reqId;
    if (m.type === Op.RESET_WATCHES) this.violations.push('RESET_WATCHES sent through the device');
    if (m.type === Op.WATCH || m.type === Op.UNWATCH) return this.handleWatch(m);
    const reply = (type: number, payload: Buffer) => this.deliver({ type, reqId: m.reqId, txId: m.txId, payload });
    if (m.txId !== 0 && !this.txs.has(m.txId)) return reply(Op.ERROR, nulStrings('ENOENT'));
    if (m.type === Op.TRANSACTION_END && !['T\0', 'F\0'].includes(m.payload.toString('latin1'))) {
      return reply(Op.ERROR, nulStrings('EINVAL'));
    }
    // Forwarded asynchronously with the kernel's own req_id; the caller's is restored.
    void this.toBackend(m.type, m.txId, m.payload).then((r) => {
      // The kernel's xenbus thread takes the file's write mutex to hand over this reply
      // (xenbus_dev_queue_reply); a WATCH being registered holds it and waits for that same
      // thread: on the real device nothing on the guest reaches xenstore again.
      if (this.registering) this.violations.push(`reply to ${m.type} came back while a WATCH/UNWATCH held the file (the real kernel deadlocks)`);
      if (m.type === Op.TRANSACTION_START && r.type === m.type) this.txs.add(parseTxId(r.payload));
      if (m.type === Op.TRANSACTION_END) this.txs.delete(m.txId);
      reply(r.type, r.payload);
    });
  }

  /** The kernel registers its own watch and synthesizes OK; errors become write() errno. */
  private async handleWatch(m: Message): Promise<void> {
    this.registering = true;
    try {
      await this.registerWatch(m);
    } finally {
      this.registering = false;
    }
  }

  private async registerWatch(m: Message): Promise<void> {
    const [path, callerToken] = parseStringList(m.payload);
    const ok = () => this.deliver({ type: m.type, reqId: m.reqId, txId: m.txId, payload: nulStrings('OK') });
    if (m.type === Op.UNWATCH) {
      for (const [token, w] of this.watches) {
        if (w.path === path && w.callerToken === callerToken) {
          this.watches.delete(token);
          await this.toBackend(Op.UNWATCH, 0, nulStrings(path!, token));
          break;
        }
      }
      return ok(); // an unknown watch still gets OK
    }
    const token = `kernel-${this.nextToken++}`; // a fresh one each time: duplicates are accepted
    const w: KernelWatch = { path: path!, callerToken: callerToken!, acked: false, held: [] };
    if (this.options.initialEvent === 'before') w.ok = () => ((w.ok = undefined), ok());
    this.watches.set(token, w);
    const r = await this.toBackend(Op.WATCH, 0, nulStrings(path!, token));
    if (r.type === Op.ERROR) {
      this.watches.delete(token);
      throw errno(parseErrorName(r.payload));
    }
    if (this.options.initialEvent === 'before') return;
    ok();
    w.acked = true;
    w.held.splice(0).forEach((e) => this.deliver(e));
  }
}
