// Crash-safe file replacement for the daemon's state: write a temporary file beside the
// target, fsync it, rename it over the target, fsync the directory. A reader (or a restart
// after kill -9) sees either the old content or the new one, never a mix.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Creates a directory (and parents) and forces its mode, e.g. 0700 for the stores. */
export function ensurePrivateDir(dir: string, mode = 0o700): void {
  mkdirSync(dir, { recursive: true, mode });
  chmodSync(dir, mode);
}

/**
 * Replaces `path` atomically with `content`; durably (fsync) unless `durable` is false, for
 * state that is only a hint and may safely fall back to its previous value after a crash.
 */
export function writeFileAtomic(path: string, content: string | Buffer, mode = 0o600, durable = true): void {
  const dir = dirname(path);
  const temp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    if (durable) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  if (durable) flushToDisk(dir);
}

/** Removes a file durably; a missing file is not an error. */
export function removeFileDurably(path: string): void {
  rmSync(path, { force: true });
  flushToDisk(dirname(path));
}

function writeAll(fd: number, data: Buffer): void {
  let at = 0;
  while (at < data.length) at += writeSync(fd, data, at, data.length - at);
}

/** Flushes a file, or a directory's entries (a rename or a new file in it), to disk. */
export function flushToDisk(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
