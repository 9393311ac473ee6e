// One real run at a time per root (issue 12 item 8), in process: a second run is refused naming
// the holder's pid, or waits when asked; a dry run takes no lock; ovmd's engine waits; a run
// stopped by its signal is reported and logged as interrupted. flock(2) locks belong to an open
// file, so a lock this process holds through takeRunLock conflicts with its own runs too.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runnerEngine } from '../../../ovmd/daemon/runner-engine.js';
import { addModule } from '../../../template.d/chkconfig/engine.js';
import { RunnerError } from '../../../template.d/runner/errors.js';
import { lockPathFor, takeRunLock, type RunLock } from '../../../template.d/runner/run-lock.js';
import { runTarget } from '../../../template.d/runner/run-target.js';
import { FIXTURES } from '../helpers/scratch-root.js';

let root: string;
let held: RunLock | undefined;
afterEach(() => {
  held?.release();
  held = undefined;
  rmSync(root, { recursive: true, force: true });
});

function farm(modules: string[]): void {
  root = mkdtempSync(join(tmpdir(), 'ovm-lock-'));
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  for (const m of modules) {
    cpSync(join(FIXTURES, m), join(root, 'etc/template.d/scripts', m));
    addModule(root, m);
  }
}

const gateLog = () => (existsSync(join(root, 'gate.log')) ? readFileSync(join(root, 'gate.log'), 'utf8') : '');
const runLog = () => readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the run lock', () => {
  it('refuses a second run on the same root, naming the holder pid and the lock, and runs nothing', async () => {
    farm(['gate', 'motd']);
    held = await takeRunLock({ root, waitSec: 0 });
    expect(held!.path).toBe(lockPathFor(root));
    expect(readFileSync(held!.path, 'utf8')).toBe(`${process.pid} ${root}\n`);
    writeFileSync(join(root, 'gate-open'), '');
    const refused = await runTarget({ root, target: 'configure', params: {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RunnerError);
    expect((refused as RunnerError).code).toBe('busy');
    expect((refused as RunnerError).message).toBe(
      `another run on ${root} is in progress (process ${process.pid}, lock ${held!.path}); wait for it to end, or give --wait-lock SECS`,
    );
    expect(gateLog()).toBe('');
    expect(existsSync(join(root, 'etc/motd'))).toBe(false);
  });

  it('with a wait, starts as soon as the other run lets go', async () => {
    farm(['gate']);
    held = await takeRunLock({ root, waitSec: 0 });
    writeFileSync(join(root, 'gate-open'), '');
    const run = runTarget({ root, target: 'configure', params: {}, lockWaitSec: 30 });
    await sleep(400);
    expect(gateLog()).toBe(''); // still waiting
    held!.release();
    held = undefined;
    expect((await run).status).toBe('ok');
    expect(gateLog()).toMatch(/^start \d+\nend \d+\n$/);
  });

  it('gives up after the wait, and a run stopped while it waits is interrupted with nothing run', async () => {
    farm(['gate']);
    held = await takeRunLock({ root, waitSec: 0 });
    const late = await runTarget({ root, target: 'configure', params: {}, lockWaitSec: 1 }).catch((e: Error) => e.message);
    expect(late).toMatch(/^another run on .* is in progress still after 1 s \(process \d+,/);
    const stop = new AbortController();
    setTimeout(() => stop.abort('SIGTERM'), 300);
    const report = await runTarget({ root, target: 'configure', params: {}, lockWaitSec: 60, signal: stop.signal });
    expect(report).toMatchObject({ status: 'interrupted', interruptedBy: 'SIGTERM' });
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['gate', 'not run']]);
    expect(gateLog()).toBe('');
  });

  it('is not taken by a dry run, which changes nothing', async () => {
    farm(['echo']);
    held = await takeRunLock({ root, waitSec: 0 });
    const report = await runTarget({ root, target: 'configure', params: {}, dryRun: true });
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['echo', 'planned']]);
  });

  it("is waited for by ovmd's engine, so the host's request is carried out after a manual run", async () => {
    farm(['gate']);
    held = await takeRunLock({ root, waitSec: 0 });
    writeFileSync(join(root, 'gate-open'), '');
    const run = runnerEngine(root).run('configure', {});
    await sleep(400);
    expect(gateLog()).toBe('');
    held!.release();
    held = undefined;
    expect((await run).status).toBe('ok');
    expect(gateLog()).toMatch(/^start \d+\nend \d+\n$/);
  });
});

describe('a run stopped by its signal', () => {
  it('ends the module at work, runs no other, and is reported and logged as interrupted', async () => {
    farm(['gate', 'motd']);
    const stop = new AbortController();
    const run = runTarget({ root, target: 'configure', params: {}, signal: stop.signal });
    await expect.poll(gateLog, { timeout: 20_000 }).toMatch(/^start/);
    stop.abort('SIGTERM');
    const report = await run;
    expect(report).toMatchObject({ status: 'interrupted', interruptedBy: 'SIGTERM' });
    expect(report.modules.map((m) => [m.name, m.status, m.error])).toEqual([
      ['gate', 'failed', 'stopped with the run'],
      ['motd', 'not run', 'the run was stopped before it'],
    ]);
    expect(gateLog()).not.toMatch(/end/);
    expect(runLog()).toMatch(/configure: run interrupted by SIGTERM after \d+ ms: stopped gate; not run: motd\n$/);
    expect((await takeRunLock({ root, waitSec: 0 }).then((l) => (l?.release(), 'free')))).toBe('free');
  });
});
