// The polled reader behind the real xenbus device transport, on a FIFO (pollable like the
// driver): bytes arrive through read(), close() ends a pending read() with 0 at once, and no
// thread-pool thread is left blocked, so the process can exit (the real device is covered by
// test/xen-vm/xen-vm-xenstored.test.ts).
import { spawnSync, execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PolledReader } from '../../../ovmd/transport/device-reader.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fifo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'polled-'));
  dirs.push(dir);
  const path = join(dir, 'f');
  execFileSync('mkfifo', [path]);
  return path;
}

describe('PolledReader', () => {
  it('hands over bytes in order, split to the caller buffer size', async () => {
    const path = fifo();
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    const r = new PolledReader(fd);
    writeSync(fd, Buffer.from('abcdefgh'));
    const buf = Buffer.alloc(5);
    expect(await r.read(buf)).toBe(5);
    expect(buf.toString()).toBe('abcde');
    const n = await r.read(buf);
    expect(buf.subarray(0, n).toString()).toBe('fgh');
    await r.close();
  });

  it('ends a pending read with 0 when closed', async () => {
    const fd = openSync(fifo(), constants.O_RDWR | constants.O_NONBLOCK);
    const r = new PolledReader(fd);
    const pending = r.read(Buffer.alloc(16));
    const t0 = performance.now();
    await r.close();
    expect(await pending).toBe(0);
    expect(performance.now() - t0).toBeLessThan(10_000); // a read left in the thread pool would never end
    expect(() => closeSync(fd)).toThrow(/EBADF/); // the reader closed the fd itself
  });

  it('lets the process exit right after closing a connection that was waiting for data', () => {
    const path = fifo();
    const script = `
      import { openSync, constants } from 'node:fs';
      import { openDeviceTransport } from './ovmd/transport/index.ts';
      const t = await openDeviceTransport(${JSON.stringify(path)});
      setTimeout(async () => { await t.close(); process.exit(0); }, 100);`;
    const t0 = performance.now();
    const r = spawnSync('node_modules/.bin/tsx', ['--input-type=module', '-e', script], { timeout: 15_000, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
