// Reads the xenbus device through libuv's event loop (epoll) instead of its thread pool.
// Measured on real Xen (test/xen-vm): a read() blocked in a pool thread is not woken by close(),
// so every reconnect leaked a pool thread and process.exit() hung for ever, joining the pool.
// The driver implements poll (LNX xenbus_file_poll), so the fd can be watched like a pipe:
// uv_pipe_open makes it non-blocking and epoll tells when a message is queued; closing the
// handle removes it from epoll and closes the fd, with nothing left blocked anywhere.
import { Socket, type SocketConstructorOpts } from 'node:net';

interface PipeHandle {
  open(fd: number): number;
}
interface PipeWrapBinding {
  Pipe: new (type: number) => PipeHandle;
  constants: { SOCKET: number };
}

/** Node's own pipe handle (what net.Socket uses for a unix socket or a pipe fd). */
function pipeWrap(): PipeWrapBinding {
  // process.binding is the only way to give an arbitrary pollable fd to a net.Socket; the
  // module is on Node's public allow-list for process.binding.
  const binding = (process as unknown as { binding(name: string): unknown }).binding;
  return binding.call(process, 'pipe_wrap') as PipeWrapBinding;
}

/** A pull-style reader over a pollable fd: read() resolves with the next bytes; 0 once closed. */
export class PolledReader {
  private readonly sock: Socket;
  private readonly queue: Buffer[] = [];
  private waiter: ((n: number) => void) | undefined;
  private want: Buffer | undefined;
  private ended = false;
  private failure: Error | undefined;

  constructor(fd: number) {
    const { Pipe, constants } = pipeWrap();
    const handle = new Pipe(constants.SOCKET);
    const rc = handle.open(fd);
    if (rc !== 0) throw Object.assign(new Error(`cannot poll the xenbus device (libuv error ${rc})`), { code: 'EPOLL' });
    // Writes do not go through the socket (each must be exactly one write() call, and errors
    // such as a refused watch must not end the stream): the socket only reads.
    this.sock = new Socket({ handle, readable: true, writable: false } as unknown as SocketConstructorOpts);
    this.sock.on('data', (chunk: Buffer) => this.push(chunk));
    this.sock.on('error', (err) => this.end(err));
    this.sock.on('close', () => this.end());
  }

  private push(chunk: Buffer): void {
    this.queue.push(chunk);
    this.sock.pause(); // one queued chunk at a time: the daemon reads as fast as it can
    this.deliver();
  }

  private end(err?: Error): void {
    this.failure ??= err;
    this.ended = true;
    this.deliver();
  }

  private deliver(): void {
    if (!this.waiter || !this.want) return;
    const head = this.queue[0];
    if (!head && !this.ended) return;
    const done = this.waiter;
    const buf = this.want;
    this.waiter = this.want = undefined;
    if (!head) return done(0);
    const n = head.copy(buf, 0, 0, Math.min(head.length, buf.length));
    if (n < head.length) this.queue[0] = head.subarray(n);
    else this.queue.shift();
    if (this.queue.length === 0 && !this.ended) this.sock.resume();
    done(n);
  }

  /** Why: the device transport's read loop asks for bytes one call at a time. */
  read(buf: Buffer): Promise<number> {
    if (this.failure && this.queue.length === 0) return Promise.reject(this.failure);
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.want = buf;
      this.deliver();
    });
  }

  /** Why: stops polling and closes the fd; a pending read() resolves with 0. */
  close(): Promise<void> {
    if (this.sock.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.sock.once('close', () => resolve());
      this.sock.destroy();
    });
  }
}
