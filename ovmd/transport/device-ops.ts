// The file operations the xenbus device transport needs, as an injectable object so tests can
// put a double with the kernel's rules behind them. The real ones use fs.read/fs.write on the
// thread pool: a character device is a FILE handle to libuv and cannot be a net.Socket.
import { close, open, read, write } from 'node:fs';

/** Four file operations on a device fd; read() is never called with a zero length. */
export interface DeviceFileOps {
  open(path: string): Promise<number>;
  /** Fills up to buf.length bytes; resolves with the count (0 = end of file). */
  read(fd: number, buf: Buffer): Promise<number>;
  /** One write() system call; resolves with the count; rejects with an errno Error. */
  write(fd: number, buf: Buffer): Promise<number>;
  close(fd: number): Promise<void>;
}

/** The real device: plain blocking reads on a libuv thread-pool thread, one at a time. */
export const nodeDeviceOps: DeviceFileOps = {
  open: (path) => new Promise((res, rej) => open(path, 'r+', (e, fd) => (e ? rej(e) : res(fd)))),
  read: (fd, buf) =>
    new Promise((res, rej) => read(fd, buf, 0, buf.length, null, (e, n) => (e ? rej(e) : res(n)))),
  write: (fd, buf) =>
    new Promise((res, rej) => write(fd, buf, 0, buf.length, null, (e, n) => (e ? rej(e) : res(n)))),
  close: (fd) => new Promise((res, rej) => close(fd, (e) => (e ? rej(e) : res()))),
};
