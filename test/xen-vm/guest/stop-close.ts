// Closing the device connection on the real kernel: the old thread-pool read (kept here as a
// child script, for the "before" figure), the project's client closing and exiting, and
// reconnecting many times without the thread count growing.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect } from '../../../ovmd/client/index.js';
import { check, measure, sleep } from './tap.js';

/** What ovmd's device transport did before: fs.read() blocked in the pool, then close, exit. */
const LEGACY = `
const fs = require('fs');
const fd = fs.openSync(process.argv[1], 'r+');
fs.read(fd, Buffer.alloc(4112), 0, 4112, null, () => {});
setTimeout(() => { fs.close(fd, () => { console.log('closed'); process.exit(0); }); }, 300);
`;

/** Runs node with a script; resolves with ms from start to exit, or 'hung' after limitMs. */
function timedChild(args: string[], limitMs: number): Promise<{ ms: number | 'hung'; out: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (_code, sig) => {
      clearTimeout(timer);
      resolve({ ms: sig === 'SIGKILL' ? 'hung' : Math.round(performance.now() - t0), out });
    });
  });
}

const threads = () => readdirSync('/proc/self/task').length;

/** Why: the child side of the exit check, run as `node main.mjs client-exit PATH`. */
export async function clientExitChild(path: string): Promise<void> {
  const c = await connect({ endpoint: path });
  await c.readString('domid');
  await c.watch('data', () => {});
  const t0 = performance.now();
  await c.close();
  console.log(`close_ms=${(performance.now() - t0).toFixed(1)}`);
  process.exit(0);
}

/** Why: the blocked-read finding, before and after the fix, and the reconnect leak check. */
export async function stopClose(path: string, self: string): Promise<void> {
  const legacy = await timedChild(['-e', LEGACY, path], 4000);
  measure('legacy_threadpool_exit', legacy.ms);
  check('close: a thread-pool read() on the device is not woken by close(), so process.exit() hangs (the old transport)', legacy.ms === 'hung', `${legacy.ms} ${legacy.out.trim()}`);
  const fixed = await timedChild([self, 'client-exit', path], 15_000);
  measure('client_exit_ms', fixed.ms);
  check('close: the project client connects, watches, closes and the process exits', fixed.ms !== 'hung' && /close_ms=/.test(fixed.out), `${fixed.ms} ${fixed.out.trim()}`);
  const before = threads();
  for (let i = 0; i < 40; i++) {
    const c = await connect({ endpoint: path });
    await c.readString('domid');
    await c.close();
  }
  await sleep(200);
  const after = threads();
  measure('threads_before_after_40_reconnects', `${before},${after}`);
  check('close: 40 connect/close cycles leave no extra thread', after <= before, `${before} -> ${after}`);
}
