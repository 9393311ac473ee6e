// The built ovm-template-config, two at a time on one root (issue 12 item 8): the second run is
// refused with exit status 5 and the first one's pid, or with --wait-lock waits for it; the
// modules of the two never interleave. SIGTERM or SIGINT mid-run ends the module at work and
// the run is logged and reported as interrupted; a holder killed outright frees the lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { installedCommands } from '../helpers/installed-commands.js';
import { runCommand } from '../helpers/run-command.js';
import { makeTemplateRoot, type ScratchRoot } from '../helpers/scratch-root.js';

const installed = installedCommands();
let scratch: ScratchRoot;
let first: ChildProcess | undefined;
afterEach(() => {
  first?.kill('SIGKILL');
  scratch?.remove();
});

const gateLog = () => (existsSync(scratch.path('gate.log')) ? readFileSync(scratch.path('gate.log'), 'utf8') : '');

/** Starts a run in the background and waits until its gate module is at work. */
async function startFirst(...extra: string[]): Promise<{ child: ChildProcess; done: Promise<{ code: number | null; stdout: string }> }> {
  const child = spawn(installed.bin('ovm-template-config'), ['--root', scratch.root, ...extra, 'configure'], { stdio: ['ignore', 'pipe', 'pipe'] });
  first = child;
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout })));
  await expect.poll(gateLog, { timeout: 15_000 }).toMatch(/^start/);
  return { child, done };
}

function second(...extra: string[]) {
  return runCommand(installed.bin('ovm-template-config'), ['--root', scratch.root, ...extra, 'configure']);
}

describe('two runs on one root', () => {
  it('the second is refused with status 5, naming the pid of the first, and runs nothing', async () => {
    scratch = makeTemplateRoot(installed, ['gate', 'motd']);
    const { child, done } = await startFirst();
    const refused = await second();
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(new RegExp(`^ovm-template-config: another run on ${scratch.root} is in progress \\(process ${child.pid}, lock /run/ovm-template-config/[0-9a-f]{16}\\.lock\\); wait for it to end, or give --wait-lock SECS; nothing was run\\n$`));
    expect(gateLog()).toMatch(/^start \d+\n$/);
    writeFileSync(scratch.path('gate-open'), '');
    expect((await done).code).toBe(0);
    expect(gateLog()).toBe(`start ${child.pid}\nend ${child.pid}\n`);
  }, 60_000);

  it('with --wait-lock the second waits for the first to end, and their modules never interleave', async () => {
    scratch = makeTemplateRoot(installed, ['gate']);
    const { child, done } = await startFirst();
    const waiting = second('--wait-lock', '30');
    await new Promise((r) => setTimeout(r, 800));
    expect(gateLog()).toBe(`start ${child.pid}\n`); // the second has not started its module
    writeFileSync(scratch.path('gate-open'), '');
    const [a, b] = await Promise.all([done, waiting]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const lines = gateLog().trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['start', 'end', 'start', 'end']);
    expect(lines[0]).toBe(`start ${child.pid}`);
    expect(lines[1]).toBe(`end ${child.pid}`);
  }, 60_000);

  it('--wait-lock takes a number of seconds, 0 or more', async () => {
    scratch = makeTemplateRoot(installed, ['gate']);
    const wrong = await second('--wait-lock', '-1');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--wait-lock needs a number of seconds, 0 or more');
    expect(gateLog()).toBe('');
  }, 60_000);

  it('a holder killed outright (SIGKILL) leaves no stale lock behind', async () => {
    scratch = makeTemplateRoot(installed, ['gate']);
    const { child, done } = await startFirst();
    child.kill('SIGKILL');
    await done;
    writeFileSync(scratch.path('gate-open'), '');
    const next = await second();
    expect(next.code, next.stderr).toBe(0);
  }, 60_000);
});

describe('a signal during a run', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s ends the module at work, runs no other, and logs and reports the run as interrupted', async (signal, status) => {
    scratch = makeTemplateRoot(installed, ['gate', 'motd']);
    const { child, done } = await startFirst('--json');
    child.kill(signal);
    const { code, stdout } = await done;
    expect(code).toBe(status);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ status: 'interrupted', interruptedBy: signal });
    expect(report.modules.map((m: { name: string; status: string }) => [m.name, m.status])).toEqual([
      ['gate', 'failed'],
      ['motd', 'not run'],
    ]);
    expect(existsSync(scratch.path('etc/motd'))).toBe(false);
    const log = readFileSync(scratch.path('var/log/ovm-template-config.log'), 'utf8');
    expect(log).toMatch(new RegExp(`configure: run interrupted by ${signal} after \\d+ ms: stopped gate; not run: motd\\n$`));
    // The gate's shell was ended, not left looping: it never logs its end, even once let through.
    writeFileSync(scratch.path('gate-open'), '');
    await new Promise((r) => setTimeout(r, 300));
    expect(gateLog()).toMatch(/^start \d+\n$/);
  }, 60_000);

  it('prints one closing line saying what was cut short', async () => {
    scratch = makeTemplateRoot(installed, ['gate', 'motd']);
    const { child, done } = await startFirst();
    child.kill('SIGTERM');
    const { code, stdout } = await done;
    expect(code).toBe(143);
    expect(stdout).toMatch(/\nconfigure: interrupted by SIGTERM after \d+\.\d\d s: gate was stopped; motd did not run\. The run log records it\.\n$/);
  }, 60_000);
});
