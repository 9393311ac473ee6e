// The built ovmd and ovm-vmmessage command lines against the real xenstored: ten concurrent
// `ovmd -p` (a secret only stored), the store actions, -e with and without a daemon, -s, and the daemon surviving
// garbage (oversized keys, unknown keys, malformed counters, junk nodes) without losing the
// messages around it. ovm-vmmessage: lookup by name, clear errors, --follow.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OvmdProcess, run } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const DOMID = 41;
const BASE = `/local/domain/${DOMID}/control/oracle-vmapi`;
let daemon: OvmdProcess | undefined;
const scene = ovmdScene({ guest: DOMID, fixtureRoot: true, after: () => daemon?.stop() });
const { ovmd, vmmessage } = scene;

describe('ovm-vmmessage', () => {
  it('sets up the channel for a guest found by name, and says clearly what is wrong', async () => {
    const setup = await vmmessage(['--name', `guest${DOMID}`, '--setup']);
    expect(setup.code, setup.stderr).toBe(0);
    expect((await run('xenstore-ls', ['-p', BASE], { env: scene.xsd.env })).stdout).toMatch(new RegExp(`to-guest = ""[ .]+\\(n${DOMID}\\)`));
    const noDomain = await vmmessage(['--domid', '77', '-k', 'a', '-V', 'b']);
    expect(noDomain.code).toBe(1);
    expect(noDomain.stderr).toMatch(/no domain 77 in xenstore/);
    const noName = await vmmessage(['--name', 'nosuchvm', '--list']);
    expect(noName.stderr).toMatch(/no domain named "nosuchvm"/);
    const noXs = await run(scene.inst.bin('ovm-vmmessage'), ['--domid', '1', '--list'], { env: { XENSTORED_PATH: '/nonexistent/socket' } });
    expect(noXs.code).toBe(1);
    expect(noXs.stderr).toMatch(/XENSTORED_PATH/);
    const tooBig = await vmmessage(['--domid', String(DOMID), '-k', 'k', '-V', 'v'.repeat(9000)]);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(/refused: .*9000 bytes; the channel allows at most 8191/);
    const usage = await vmmessage(['--domid', String(DOMID)]);
    expect(usage.code).toBe(2);
  });
});

describe('ovmd command line', () => {
  it('ten simultaneous ovmd -p give ten distinct, complete messages on the host side', async () => {
    const value = (i: number) => `${i}:`.padEnd(3000, String.fromCharCode(97 + i));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ovmd(['-p', `com.example.p${i}=${value(i)}`])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const list = await vmmessage(['--domid', String(DOMID), '--list', '--json']);
    const got = JSON.parse(list.stdout) as { n: number; key: string; value: string }[];
    const mine = got.filter((m) => m.key.startsWith('com.example.p'));
    expect(new Set(mine.map((m) => m.n)).size).toBe(10);
    for (const m of mine) expect(m.value).toBe(value(Number(m.key.slice('com.example.p'.length))));
    expect((await ovmd(['-g', 'com.example.p3'])).stdout).toBe(`${value(3)}\n`);
    const cleared = await vmmessage(['--domid', String(DOMID), '--list', '--clear']);
    expect(cleared.stdout.split('\n').filter((l) => l.includes('com.example.p'))).toHaveLength(10);
    expect((await vmmessage(['--domid', String(DOMID), '--list'])).stdout).toBe('');
    expect((await vmmessage(['--domid', String(DOMID), '--clear'])).stdout).toBe('deleted 0 guest messages\n');
  });

  it('keeps a secret on the guest without sending it, and keeps -g/-r/-l/-x honest', async () => {
    const secret = await ovmd(['-p', 'com.oracle.linux.root-password=Nope-CANARY']);
    expect(secret.code, secret.stderr).toBe(0);
    expect(secret.stderr).toMatch(/stored on this guest only: com\.oracle\.linux\.root-password is secret/);
    expect((await vmmessage(['--domid', String(DOMID), '--list'])).stdout).not.toMatch(/CANARY/);
    expect(await ovmd(['-g', 'missing.key'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/no stored parameter named "missing.key"/) });
    expect((await ovmd(['-r', 'com.example.p0'])).code).toBe(0);
    expect((await ovmd(['-r', 'com.example.p0'])).code).toBe(1);
    const listed = await ovmd(['-l', '--json']);
    expect(Object.keys(JSON.parse(listed.stdout))).toContain('com.example.p1');
    expect((await ovmd(['-x'])).stdout).toMatch(/deleted 10 parameter/);
    expect((await ovmd(['-l'])).stdout).toBe('');
  });

  it('-e fails clearly without a daemon; -s runs a target with the stored parameters', async () => {
    const noDaemon = await ovmd(['-e', 'cleanup']);
    expect(noDaemon.code).toBe(1);
    expect(noDaemon.stderr).toMatch(/no running ovmd answers/);
    const script = await ovmd(['-s', 'cleanup']);
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toMatch(/cleanup: ok/);
    expect(readFileSync(join(scene.root, 'var/log/fixture-runs.log'), 'utf8')).toMatch(/auth cleanup/);
  });
});

describe('the daemon under bad input', () => {
  it('logs garbage clearly, keeps running, and processes everything else; -e reaches it', async () => {
    daemon = new OvmdProcess(scene.inst, scene.root, scene.guest.env);
    await daemon.waitFor(/connected to xenstore/);
    const w = (...args: string[]) => run('xenstore-write', args, { env: scene.xsd.env });
    await w(`${BASE}/to-guest/junk-node`, 'x');
    await w(`${BASE}/to-guest/last-write`, 'not-a-number');
    await daemon.waitFor(/holds "not-a-number", not a number/);
    await w(`${BASE}/to-guest/1`, 'k'.repeat(400), `${BASE}/to-guest/1/0`, 'v');
    await w(`${BASE}/to-guest/2`, 'com.example.unknown', `${BASE}/to-guest/2/0`, 'kept');
    await w(`${BASE}/to-guest/3`, 'com.oracle.linux.network.hostname', `${BASE}/to-guest/3/0`, 'after-garbage');
    await w(`${BASE}/to-guest/last-write`, '3');
    await daemon.waitFor(/stored com\.oracle\.linux\.network\.hostname/);
    expect(daemon.output).toMatch(/ignoring node to-guest\/junk-node: not a message number/);
    expect(daemon.output).toMatch(/discarding message to-guest\/1: key .* 400 bytes/);
    expect(daemon.output).toMatch(/stored com\.example\.unknown .*no enabled module declares it/);
    expect((await ovmd(['-g', 'com.example.unknown'])).stdout).toBe('kept\n');
    const event = await ovmd(['-e', 'Cleanup']);
    expect(event.code, event.stderr).toBe(0);
    expect(event.stdout).toMatch(/cleanup: completed/);
    const other = await ovmd(['-e', 'hello-listeners']);
    expect(other.code).toBe(0);
    expect(other.stdout).toBe('event "hello-listeners" is not a target name, so nothing ran (targets: configure, unconfigure, reconfigure, cleanup, suspend, resume, migrate, shutdown); the host was answered with ovmd.event, handled: false\n');
    const typo = await ovmd(['-e', 'confgure']);
    expect(typo.code).toBe(0); // any event name is valid: a host may send its own
    expect(typo.stdout).toMatch(/^event "confgure" is not a target name, so nothing ran .*\. Did you mean "configure"\?\n$/);
    expect(daemon.running).toBe(true);
    const second = await run(scene.inst.bin('ovmd'), ['--root', scene.root, '-d', '1'], { env: scene.guest.env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another ovmd is already running/);
  });

  it('--follow prints guest messages as they arrive, and SIGTERM stops the daemon cleanly', async () => {
    const follower = spawn(scene.inst.bin('ovm-vmmessage'), ['--domid', String(DOMID), '--follow'], { env: { ...process.env, ...scene.xsd.env } });
    let seen = '';
    let notes = '';
    const arrived = new Promise<void>((resolve) => follower.stdout.on('data', (c: Buffer) => (seen += c.toString()).includes('com.example.followed=yes') && resolve()));
    await new Promise<void>((resolve) => follower.stderr.on('data', (c: Buffer) => (notes += c.toString()).includes('following') && resolve()));
    expect((await ovmd(['-p', 'com.example.followed=yes'])).code).toBe(0);
    await arrived;
    follower.kill('SIGINT');
    await new Promise((r) => follower.once('exit', r));
    await daemon!.stop();
    expect((await daemon!.exited).code).toBe(0);
    expect(daemon!.output).toMatch(/ovmd stopped/);
    expect(existsSync(join(scene.root, 'run/ovmd/ovmd.pid'))).toBe(false);
  });
});
