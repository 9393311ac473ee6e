// Unix stream socket transport: the dom0 socket (/var/run/xenstored/socket) or a guest bridge.
import { connect as netConnect, type Socket } from 'node:net';
import { ConnectionClosedError, SOCKET_PAYLOAD_MAX, SOCKET_REPLY_MAX } from '../protocol/index.js';
import { refuseForbidden } from './guard.js';
import type { Transport } from './types.js';

/** Connects to a xenstored unix socket; rejects with the socket error if nobody listens. */
export function openSocketTransport(path: string): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ path });
    const fail = (err: Error) => reject(err);
    sock.once('error', fail);
    sock.once('connect', () => {
      sock.off('error', fail);
      resolve(new SocketTransport(path, sock));
    });
  });
}

class SocketTransport implements Transport {
  readonly kind = 'socket' as const;
  readonly maxPayload = SOCKET_PAYLOAD_MAX;
  readonly maxReply = SOCKET_REPLY_MAX;
  private closed = false;
  private queued: Buffer[] = [];
  private closeCause: Error | undefined;
  private closeListeners: ((cause?: Error) => void)[] = [];

  constructor(
    readonly path: string,
    private readonly sock: Socket,
  ) {
    sock.setNoDelay?.(true);
    sock.on('error', (err) => {
      this.closeCause ??= err;
    });
    sock.once('close', () => {
      this.closed = true;
      for (const l of this.closeListeners) l(this.closeCause);
    });
  }

  write(message: Buffer): Promise<void> {
    try {
      refuseForbidden(message);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.closed || this.sock.destroyed) {
      return Promise.reject(new ConnectionClosedError(`xenstore socket ${this.path} is closed`));
    }
    // A stream socket keeps byte order, so queueing without waiting for the callback is safe;
    // a failure surfaces as 'close' and fails every outstanding request. Messages written in
    // the same tick go out together as one buffer, in one write() system call.
    this.queued.push(message);
    if (this.queued.length === 1) process.nextTick(() => this.flush());
    return Promise.resolve();
  }

  private flush(): void {
    const batch = this.queued;
    this.queued = [];
    if (!this.sock.destroyed) this.sock.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch));
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.sock.on('data', listener);
  }

  onClose(listener: (cause?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.sock.once('close', () => resolve());
      this.sock.destroy();
    });
  }
}
