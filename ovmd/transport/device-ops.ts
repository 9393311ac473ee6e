// The file operations the xenbus device transport needs, as an injectable object so tests can
// put a double with the kernel's rules behind them. Reads are polled on the event loop
// (device-reader.ts). Writes are one write() system call each: made at once on the event loop,
// since the driver only queues the request (measured on real Xen: a thread-pool hop per write
// held the client to 0.2-0.3x the reads/s of the C xenstore-read); except WATCH and UNWATCH,
// which the driver answers only after a xenstored round trip (LNX xenbus_write_watch), so they
// go through the thread pool, where they never stay blocked for long.
import { close, constants, open, write, writeSync } from 'node:fs';
import { PolledReader } from './device-reader.js';

/** Four file operations on a device fd; read() is never called with a zero length. */
export interface DeviceFileOps {
  open(path: string): Promise<number>;
  /** Fills up to buf.length bytes; resolves with the count (0 = end of file or closed). */
  read(fd: number, buf: Buffer): Promise<number>;
  /** One write() system call; resolves with the count; rejects with an errno Error. */
  write(fd: number, buf: Buffer): Promise<number>;
  /** Closes the fd and wakes a pending read() (which then resolves with 0). */
  close(fd: number): Promise<void>;
}

const readers = new Map<number, PolledReader>();

/** XS_WATCH (4) and XS_UNWATCH (5): the driver's write() returns after xenstored's answer. */
function waitsForXenstored(message: Buffer): boolean {
  const type = message.length >= 4 ? message.readUInt32LE(0) : -1;
  return type === 4 || type === 5;
}

function openFd(path: string): Promise<number> {
  return new Promise((res, rej) => open(path, constants.O_RDWR | constants.O_NONBLOCK, (e, fd) => (e ? rej(e) : res(fd))));
}

/** The real device: reads polled on the event loop, nothing left in the thread pool at close. */
export const nodeDeviceOps: DeviceFileOps = {
  async open(path) {
    const fd = await openFd(path);
    try {
      readers.set(fd, new PolledReader(fd));
    } catch (err) {
      await new Promise((res) => close(fd, res));
      throw err;
    }
    return fd;
  },
  read: (fd, buf) => readers.get(fd)?.read(buf) ?? Promise.resolve(0),
  write(fd, buf) {
    if (waitsForXenstored(buf)) {
      return new Promise((res, rej) => write(fd, buf, 0, buf.length, null, (e, n) => (e ? rej(e) : res(n))));
    }
    try {
      return Promise.resolve(writeSync(fd, buf));
    } catch (err) {
      return Promise.reject(err);
    }
  },
  async close(fd) {
    const reader = readers.get(fd);
    readers.delete(fd);
    await reader?.close(); // closes the fd too
  },
};
