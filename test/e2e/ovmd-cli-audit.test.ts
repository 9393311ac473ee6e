// The new-user audit of the ovmd and ovm-vmmessage command lines, end to end with the built
// commands and the real C xenstored: a secret set with ovmd -p stays on the guest and feeds
// ovm-template-config through ovmd -l; ovm-vmmessage -q waits for the final run result (after a
// send, or with --new) instead of returning the "running" note; wrong options, batch files and
// roots are refused as typed and change nothing; -s and --first-boot say what they did.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OvmdProcess, realGuestRoot, run, textUnder } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const DOMID = 43;
const PW = 'Audit-CANARY-7f3e';
const PW_KEY = 'com.oracle.linux.root-password';
let daemon: OvmdProcess | undefined;
const scene = ovmdScene({ guest: DOMID, fixtureRoot: true, after: () => daemon?.stop() });
const { ovmd, vmmessage } = scene;
const dom = ['--domid', String(DOMID)];

describe('ovmd -p of a secret (A1)', () => {
  it('stores it under /run/ovmd only, sends nothing, and ovmd -l feeds it to ovm-template-config', async () => {
    expect((await vmmessage([...dom, '--setup'])).code).toBe(0);
    const set = await ovmd(['-p', `${PW_KEY}=${PW}`, '-p', 'com.example.audit=visible']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toBe(`ovmd: stored on this guest only: ${PW_KEY} is secret and is never sent to the host\n`);
    expect(set.stdout).toMatch(/^sent com\.example\.audit \(from-guest\/\d+\)\n$/);
    const host = await vmmessage([...dom, '--list']);
    expect(host.stdout).toMatch(/com\.example\.audit=visible/);
    expect(host.stdout).not.toContain(PW);
    expect(textUnder(join(scene.root, 'var/lib/ovmd'))).not.toContain(PW);
    expect(textUnder(join(scene.root, 'run/ovmd/secrets'))).toContain(PW);
    const listed = await ovmd(['-l']);
    expect(listed.stdout).toContain(`${PW_KEY}=${PW}\n`);
    const applied = await run(scene.inst.bin('ovm-template-config'), ['--root', scene.root, '-s', 'fixture-auth', '--stdin', 'configure'], { input: listed.stdout });
    expect(applied.code, applied.stderr).toBe(0);
    const { createHash } = await import('node:crypto');
    expect(readFileSync(join(scene.root, 'etc/fixture-shadow'), 'utf8').trim()).toBe(createHash('sha256').update(PW).digest('hex'));
  });

  it('-p KEY alone reads the secret from standard input, keeping it out of the process list', async () => {
    const set = await ovmd(['-p', PW_KEY], `${PW}-stdin\n`);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toMatch(/stored on this guest only/);
    expect((await ovmd(['-g', PW_KEY])).stdout).toBe(`${PW}-stdin\n`);
    expect((await vmmessage([...dom, '--list'])).stdout).not.toContain(PW);
  });

  it('the README example works on a guest with the built-in modules: -p the password, then -l into a dry run', async () => {
    const real = realGuestRoot(scene.inst);
    const set = await run(scene.inst.bin('ovmd'), ['--root', real, '-p', PW_KEY], { env: scene.guest.env, input: `${PW}\n` });
    expect(set.code, set.stderr).toBe(0);
    const listed = await run(scene.inst.bin('ovmd'), ['--root', real, '-l'], { env: scene.guest.env });
    const dry = await run(scene.inst.bin('ovm-template-config'), ['--root', real, '--stdin', '--dry-run', 'configure'], { input: listed.stdout });
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout + dry.stderr).not.toContain(PW);
  });

  it('-s configure without the (wiped) secret says how to supply it again (A8)', async () => {
    expect((await ovmd(['-r', PW_KEY])).code).toBe(0);
    const failed = await ovmd(['-s', 'configure']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/not set/);
    expect(failed.stderr).toMatch(/wiped after each successful run/);
    expect(failed.stderr).toContain(`ovmd -p ${PW_KEY}=VALUE`);
  });

  it('-s of a target with no module enabled says so, and exits 0 (A8)', async () => {
    const none = await ovmd(['-s', 'suspend']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/suspend: no module is enabled for suspend; nothing ran/);
    expect(none.stdout).not.toMatch(/suspend: ok/);
  });
});

describe('waiting for the run result (A2)', () => {
  const batch = (host: string) => `com.oracle.linux.network.hostname=${host}\n${PW_KEY}=${PW}\n`;

  it('a send followed by -q --final prints the configured result of that batch, not the running note', async () => {
    daemon = new OvmdProcess(scene.inst, scene.root, scene.guest.env);
    await daemon.waitFor(/ovmd started/);
    const file = join(scene.root, 'batch-1.txt');
    writeFileSync(file, batch('sleep-1'), { mode: 0o600 });
    const r = await vmmessage([...dom, '--file', file, '-q', 'ovmd.run-result', '--final', '--wait', '120']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([expect.stringMatching(/^sent com\.oracle\.linux\.network\.hostname/), expect.stringMatching(/^sent com\.oracle\.linux\.root-password/)]);
    const result = JSON.parse(lines[2]!) as { state: string; target: string };
    expect(result).toMatchObject({ target: 'configure', state: 'configured' });
    expect(readFileSync(join(scene.root, 'etc/hostname'), 'utf8')).toBe('sleep-1\n');
  });

  it('-q --new --final started before a send returns the new run\'s result, not the earlier one', async () => {
    const before = await vmmessage([...dom, '-q', 'ovmd.run-result']);
    const first = JSON.parse(before.stdout) as { startedAt: string };
    const waiter = spawn(scene.inst.bin('ovm-vmmessage'), [...dom, '-q', 'ovmd.run-result', '--new', '--final', '--wait', '120'], { env: { ...process.env, ...scene.xsd.env } });
    let out = '';
    let notes = '';
    waiter.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => waiter.once('close', resolve));
    // Once it says it is waiting, its starting point is taken and its watch is set.
    await new Promise<void>((resolve) => waiter.stderr.on('data', (c: Buffer) => (notes += c.toString()).includes('waiting up to 120 s') && resolve()));
    expect(notes).toMatch(/for a new ovmd\.run-result with a final state from domain 43/);
    const sent = await vmmessage([...dom, '--file', '-'], batch('fail'));
    expect(sent.code, sent.stderr).toBe(0);
    // A failed run is a non-zero exit (1, as with --status), so a host script needs no JSON parsing.
    expect(await exited, notes).toBe(1);
    const second = JSON.parse(out) as { state: string; startedAt: string; error?: string };
    expect(second.state).toBe('failed');
    expect(second.startedAt).not.toBe(first.startedAt);
    expect(out).not.toContain(PW);
  });

  it('--until and a wait that runs out say what they did not get', async () => {
    const miss = await vmmessage([...dom, '-q', 'ovmd.run-result', '--until', '"state":"configured"', '--wait', '1']);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toMatch(/the guest has not sent ovmd\.run-result matching "state":"configured" within 1 s/);
    const none = await vmmessage([...dom, '-q', 'com.example.never']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has not sent com\.example\.never \(use --wait SECS to wait for it\)/);
  });
});

describe('wrong input is refused as typed and changes nothing (A5, A6)', () => {
  it('ovm-vmmessage: --wait abc, --domid abc, a missing or bad batch file', async () => {
    const wait = await vmmessage([...dom, '-q', 'k', '-w', 'abc']);
    expect(wait.code).toBe(2);
    expect(wait.stderr).toMatch(/--wait must be a number of seconds \(0 or more\), got "abc"/);
    const domid = await vmmessage(['--domid', 'abc', '--list']);
    expect(domid.code).toBe(2);
    expect(domid.stderr).toMatch(/--domid must be a guest domain id \(1 or more\), got "abc"/);
    const nosuch = await vmmessage([...dom, '--file', join(scene.root, 'no-such-batch')]);
    expect(nosuch.code).toBe(1);
    expect(nosuch.stderr).toMatch(/cannot read batch file .*no-such-batch: no such file; nothing was sent/);
    const bad = await vmmessage([...dom, '--file', '-'], 'just words\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 1: expected key=value .*JSON object/);
  });

  it('ovm-vmmessage --help describes the batch formats and the waiting options', async () => {
    const help = await vmmessage(['--help']);
    expect(help.stdout).toMatch(/JSON\s+object of "key": "value"\s+pairs,\s+or\s+key=value\s+lines/);
    expect(help.stdout).toMatch(/--final/);
    expect(help.stdout).toMatch(/--until/);
  });

  it('ovmd: a daemon option next to an action, a missing root, a file as root', async () => {
    const timeout = await ovmd(['--first-boot-timeout', '5', '-l']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/--first-boot-timeout only applies to the daemon, not to --list-params/);
    const missing = join(scene.root, 'no-such-root');
    for (const args of [['-p', 'a=b'], ['-l'], ['-x']]) {
      const r = await run(scene.inst.bin('ovmd'), ['--root', missing, ...args], { env: scene.guest.env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--root .*no-such-root does not exist/);
    }
    expect(existsSync(missing)).toBe(false);
    const file = await run(scene.inst.bin('ovmd'), ['--root', '/etc/passwd', '-p', 'a=b'], { env: scene.guest.env });
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/--root \/etc\/passwd is not a directory/);
    expect(file.stderr).not.toMatch(/ENOTDIR/);
  });

  it('a missing XENSTORED_PATH is named as the thing to fix', async () => {
    const r = await run(scene.inst.bin('ovm-vmmessage'), [...dom, '--list'], { env: { XENSTORED_PATH: join(scene.root, 'no-socket') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-socket \(XENSTORED_PATH\) does not exist/);
    expect(r.stderr).toMatch(/unset it/);
    expect(r.stderr).not.toMatch(/or set XENSTORED_PATH/);
  });
});

describe('--first-boot when not armed (A8)', () => {
  it('says only that there is nothing to do', async () => {
    await daemon?.stop();
    const child = spawn(scene.inst.bin('ovmd'), ['--root', scene.root, '-d', '1', '--first-boot'], { env: { ...process.env, ...scene.guest.env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(out).toBe('ovmd: first boot is not armed (INITIAL_CONFIG is not yes): nothing to do\n');
  });
});
