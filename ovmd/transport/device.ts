// Transport over the Linux xenbus character device (/dev/xen/xenbus or /proc/xen/xenbus),
// following every rule of shared spec xenstore.md §1.8 (LNX xenbus_dev_frontend.c).
import {
  ConnectionClosedError, DEVICE_PAYLOAD_MAX, HEADER_SIZE, Op, ProtocolError, SOCKET_PAYLOAD_MAX, decodeHeader,
} from '../protocol/index.js';
import { nodeDeviceOps, type DeviceFileOps } from './device-ops.js';
import { refuseForbidden } from './guard.js';
import type { Transport } from './types.js';

/** Read size: one full message fits; never 0, because read(fd, buf, 0) never returns (LNX). */
const READ_SIZE = HEADER_SIZE + 4096;

/** Opens the device; rejects with the open() error (ENOENT while xenstore is not up yet). */
export async function openDeviceTransport(path: string, ops: DeviceFileOps = nodeDeviceOps): Promise<Transport> {
  const fd = await ops.open(path);
  const t = new DeviceTransport(path, fd, ops);
  t.startReading();
  return t;
}

/**
 * Counts the replies (every message but a watch event) in a byte stream split anywhere, from the
 * headers alone: the client decodes the messages themselves, so payloads are only skipped here.
 */
class ReplyCounter {
  private head: Buffer = Buffer.alloc(0);
  private skip = 0;

  push(chunk: Buffer): number {
    let replies = 0;
    let at = 0;
    while (at < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      const part = chunk.subarray(at, at + HEADER_SIZE - this.head.length);
      this.head = this.head.length === 0 ? part : Buffer.concat([this.head, part]);
      at += part.length;
      if (this.head.length < HEADER_SIZE) break;
      const h = decodeHeader(this.head);
      if (h.type !== Op.WATCH_EVENT) replies++;
      this.skip = h.len;
      this.head = Buffer.alloc(0);
    }
    return replies;
  }
}

class DeviceTransport implements Transport {
  readonly kind = 'device' as const;
  readonly maxPayload = DEVICE_PAYLOAD_MAX;
  /** Replies pass through the guest kernel, which reads ring messages of at most 4096 bytes (LNX-XS process_msg). */
  readonly maxReply = SOCKET_PAYLOAD_MAX;
  private closed = false;
  private closing: Promise<void> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private dataListeners: ((chunk: Buffer) => void)[] = [];
  /** Requests written whose reply has not been read yet (see whenIdle). */
  private unanswered = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly replies = new ReplyCounter();
  private closeListeners: ((cause?: Error) => void)[] = [];

  constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly ops: DeviceFileOps,
  ) {}

  /**
   * One complete message per write() call, and write() calls strictly one after another: the
   * driver acts on the first complete message in its buffer and silently drops any bytes after
   * it, and does not keep concurrent writers apart (LNX xenbus_file_write).
   */
  write(message: Buffer): Promise<void> {
    try {
      refuseForbidden(message);
    } catch (err) {
      return Promise.reject(err);
    }
    if (message.length - HEADER_SIZE > this.maxPayload) {
      return Promise.reject(new ProtocolError(`message of ${message.length} bytes does not fit the xenbus device buffer`));
    }
    const type = message.readUInt32LE(0);
    const watchOp = type === Op.WATCH || type === Op.UNWATCH;
    const run = this.tail.then(() => (watchOp ? this.whenIdle().then(() => this.writeOnce(message)) : this.writeOnce(message)));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Resolves once every request written on this file has its reply read. The driver holds the
   * file's write mutex while it registers a WATCH (or removes one) with xenstored, and the kernel's
   * xenbus thread needs that same mutex to hand over a reply for this file
   * (xenbus_dev_queue_reply): a reply that comes back during the registration stops that thread,
   * so the WATCH's own answer never arrives and nothing on the guest can use xenstore any more
   * (seen on Linux 6.1: ovmd unkillable in xenbus_file_write, reboots stuck). A WATCH therefore
   * goes out only when nothing else of ours is in flight; the write queue keeps others behind it.
   */
  private whenIdle(): Promise<void> {
    if (this.unanswered <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Counts the replies in what the device hands over; wakes a waiting WATCH once none is due. */
  private countReplies(chunk: Buffer): void {
    this.unanswered -= this.replies.push(chunk);
    if (this.unanswered <= 0) this.wakeIdle();
  }

  private wakeIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private async writeOnce(message: Buffer): Promise<void> {
    if (this.closed) throw new ConnectionClosedError(`xenbus device ${this.path} is closed`);
    // Counted before the call: the driver may queue a WATCH's reply before write() returns.
    this.unanswered++;
    let n: number;
    try {
      n = await this.ops.write(this.fd, message);
    } catch (err) {
      this.unanswered--;
      throw err;
    }
    if (n !== message.length) {
      throw new ProtocolError(`xenbus device took ${n} of ${message.length} bytes in one write()`);
    }
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (cause?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  /** A single read loop: the driver queues replies and events per open file (LNX xenbus_file_read). */
  startReading(): void {
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    try {
      while (!this.closed) {
        const buf = Buffer.allocUnsafe(READ_SIZE);
        const n = await this.ops.read(this.fd, buf);
        if (this.closed) return;
        if (n === 0) return this.finish(new ConnectionClosedError(`xenbus device ${this.path} reached end of file`));
        const chunk = buf.subarray(0, n);
        this.countReplies(chunk);
        for (const l of this.dataListeners) l(chunk);
      }
    } catch (err) {
      if (!this.closed) this.finish(err as Error);
    }
  }

  private finish(cause?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.wakeIdle();
    this.closing = this.ops.close(this.fd).catch(() => undefined);
    for (const l of this.closeListeners) l(cause);
  }

  /**
   * Closes the fd and resolves once it is closed. Nothing is left behind: the read is polled on
   * the event loop (device-reader.ts), never blocked in a thread-pool thread that close() could
   * not wake (measured on real Xen: such a thread stayed blocked, and process.exit() hung).
   */
  async close(): Promise<void> {
    this.finish();
    await this.closing;
  }
}
