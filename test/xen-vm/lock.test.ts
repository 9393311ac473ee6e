// The one-VM-at-a-time lock, without a VM: a second taker waits (and says so) until the first
// lets go, and flock(1) -n, as other scripts use it, sees the lock while it is held.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { takeVmLock } from './lock.js';

const dir = mkdtempSync(join(tmpdir(), 'ovm-vm-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const busy = (path: string) => {
  try {
    execFileSync('flock', ['-xn', path, 'true']);
    return false;
  } catch {
    return true;
  }
};

describe('takeVmLock', () => {
  it('holds an flock(2) that flock(1) sees, and a second taker queues until the first releases', async () => {
    const path = join(dir, 'vm.lock');
    const first = await takeVmLock(() => {}, path);
    expect(busy(path)).toBe(true);
    const said: string[] = [];
    let got = false;
    const second = takeVmLock((l) => said.push(l), path).then((l) => ((got = true), l));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toBe(false);
    expect(said.join('\n')).toMatch(/waiting/);
    first.release();
    const held = await second;
    expect(busy(path)).toBe(true);
    held.release();
    expect(busy(path)).toBe(false);
  });

  it('waits for a lock taken by flock(1), as other helpers take it', async () => {
    const path = join(dir, 'shell.lock');
    const t0 = performance.now();
    const sh = spawn('flock', [path, 'sleep', '0.5'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 100));
    const lock = await takeVmLock(() => {}, path);
    expect(performance.now() - t0).toBeGreaterThan(400);
    lock.release();
    sh.kill();
  });
});
