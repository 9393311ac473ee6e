// ovm-vmmessage on the host, end to end with the built commands and the real C xenstored:
// Oracle's manager options are a wrong command line (exit 2), never help printed with exit 0;
// --status summarises the guest's latest run in each state (never ran, running, configured,
// failed, invalid) with its exit status; -q ovmd.run-result --final exits 1 for a failed run.
import { describe, expect, it } from 'vitest';
import { sendMessage } from '../../ovmd/vmapi/channel.js';
import { fromGuestDir } from '../../ovmd/vmapi/host.js';
import { startGuest } from '../xenstored/testbed.js';
import { OvmdProcess, realGuestRoot } from './ovmd-harness.js';
import { ovmdScene } from './ovmd-scene.js';

const DOMID = 53;
const PW = 'Status-CANARY-41c9';
let daemon: OvmdProcess | undefined;
let real: OvmdProcess | undefined;
const scene = ovmdScene({ guest: DOMID, host: true, fixtureRoot: true, after: async () => { await daemon?.stop(); await real?.stop(); } });
const { vmmessage } = scene;
const dom = ['--domid', String(DOMID)];
const batch = (host: string) => `com.oracle.linux.network.hostname=${host}\ncom.oracle.linux.root-password=${PW}\n`;

describe('Oracle\'s ovm_vmmessage options', () => {
  it('-u, -p, -h and -v are refused with exit 2 and one line saying what to use; nothing is sent', async () => {
    const oracle = await vmmessage(['-u', 'admin', '-p', PW, '-h', 'manager.example.com', '-v', 'vm1', '-k', 'com.example.k', '-V', 'v']);
    expect(oracle.code).toBe(2);
    const [first, ...rest] = oracle.stderr.trimEnd().split('\n');
    expect(first).toMatch(/^ovm-vmmessage: -u is an option of Oracle's ovm_vmmessage, which talks to Oracle VM Manager .*--domid N or --name NAME/);
    expect(rest).toEqual(["Try 'ovm-vmmessage --help' for more information."]);
    expect(oracle.stdout + oracle.stderr).not.toContain(PW);
    for (const args of [['-h'], ['-v'], [...dom, '-v', 'vm1', '--list'], [...dom, '-p', PW, '--list']]) {
      const r = await vmmessage(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/is an option of Oracle's ovm_vmmessage/);
    }
    expect(await scene.host.directory(`/local/domain/${DOMID}/control`).catch(() => [])).not.toContain('oracle-vmapi');
  });

  it('--help and --version still work', async () => {
    const help = await vmmessage(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--status/);
    const version = await vmmessage(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^ovm-vmmessage \S+\n$/);
  });
});

describe('ovm-vmmessage --status', () => {
  it('before any run: exit 3, says so, and a wait that runs out says that too', async () => {
    expect((await vmmessage([...dom, '--setup'])).code).toBe(0);
    const now = await vmmessage([...dom, '--status']);
    expect(now).toMatchObject({ code: 3, stdout: `domain ${DOMID}: no run reported yet (ovmd has not sent ovmd.run-result)\n` });
    const waited = await vmmessage([...dom, '--status', '--wait', '1']);
    expect(waited.code).toBe(3);
    expect(waited.stderr).toMatch(/waiting up to 1 s for a final ovmd\.run-result/);
    expect(waited.stderr).toMatch(/no final ovmd\.run-result from domain 53 within 1 s/);
    expect((await vmmessage(['--domid', '77', '--status'])).code).toBe(4);
    expect((await vmmessage([...dom, '--status', '--final'])).code).toBe(2);
  });

  it('while a run goes on: exit 3 "running"; --wait then gives exit 0 and the modules', async () => {
    daemon = new OvmdProcess(scene.inst, scene.root, scene.guest.env);
    await daemon.waitFor(/connected to xenstore/);
    expect((await vmmessage([...dom, '--file', '-'], batch('sleep-3'))).code).toBe(0);
    let running = await vmmessage([...dom, '--status']);
    for (let i = 0; i < 40 && !running.stdout.includes('running'); i++) running = await vmmessage([...dom, '--status']);
    expect(running.code).toBe(3);
    expect(running.stdout).toMatch(/^domain 53: configure running \(started \S+\)\n$/);
    const done = await vmmessage([...dom, '--status', '--wait', '60']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^domain 53: configure done: configured \(started \S+ in \d+\.\d\d s\)\n/);
    expect(done.stdout).toMatch(/\n {2}ok +fixture-net +\d+\.\d\d s\n {2}ok +fixture-auth /);
    expect(done.stdout).not.toContain(PW);
  });

  it('a failed run: -q ovmd.run-result --final exits 1 (not 0), and --status exits 1 with the module\'s reason', async () => {
    const sent = await vmmessage([...dom, '--file', '-', '-q', 'ovmd.run-result', '--final', '--wait', '60'], batch('fail'));
    expect(sent.code, sent.stderr).toBe(1);
    expect(JSON.parse(sent.stdout.trim().split('\n').at(-1)!)).toMatchObject({ state: 'failed' });
    const status = await vmmessage([...dom, '--status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^domain 53: configure failed /);
    expect(status.stdout).toMatch(/\n {2}failed +fixture-net +\d+\.\d\d s {2}.*refused by the fixture/);
    const ok = await vmmessage([...dom, '--file', '-', '-q', 'ovmd.run-result', '--final', '--wait', '60'], batch('ok-again'));
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('a refused (invalid) batch: exit 1 and every reason listed', async () => {
    const invalid = {
      target: 'configure', state: 'invalid', startedAt: new Date().toISOString(), durationMs: 210,
      error: 'refused, nothing was changed: com.oracle.linux.datetime.timezone: … (and 1 more, see errors)',
      modules: [{ name: 'fixture-net', status: 'not run', durationMs: 0 }],
      errors: [
        { key: 'com.oracle.linux.datetime.timezone', module: 'datetime', reason: '"Mars/Olympus" is not a time zone' },
        { key: 'com.oracle.linux.network.gateway.0', module: 'network', reason: 'is outside the network of ipaddr.0' },
      ],
    };
    // Written as the guest's ovmd would (the host may write there too), so the host side is tested on its own.
    await sendMessage(scene.host, fromGuestDir(DOMID), { key: 'ovmd.run-result', value: JSON.stringify(invalid) });
    const status = await vmmessage([...dom, '--status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^domain 53: configure refused \(invalid\): nothing was changed/);
    expect(status.stdout).toContain('2 reasons:\n  com.oracle.linux.datetime.timezone: "Mars/Olympus" is not a time zone (module "datetime")\n  com.oracle.linux.network.gateway.0: is outside the network of ipaddr.0 (module "network")\n');
    expect((await vmmessage([...dom, '-q', 'ovmd.run-result', '--final'])).code).toBe(1);
  });

  it('a batch the built-in modules refuse, through the real daemon: -q --final and --status exit 1 and give the module\'s reason', async () => {
    const guest = await startGuest(scene.xsd, 54);
    const root = realGuestRoot(scene.inst);
    real = new OvmdProcess(scene.inst, root, guest.env);
    await real.waitFor(/ovmd started/);
    const refused = `com.oracle.linux.datetime.timezone=Mars/Olympus\ncom.oracle.linux.root-password=${PW}\n`;
    const sent = await vmmessage(['--domid', '54', '--file', '-', '-q', 'ovmd.run-result', '--final', '--wait', '120'], refused);
    expect(sent.code, sent.stderr).toBe(1);
    expect(JSON.parse(sent.stdout.trim().split('\n').at(-1)!)).toMatchObject({ state: 'invalid' });
    const status = await vmmessage(['--domid', '54', '--status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^domain 54: configure refused \(invalid\): nothing was changed/);
    expect(status.stdout).toMatch(/\n {2}com\.oracle\.linux\.datetime\.timezone: .*Mars\/Olympus.* \(module "datetime"\)\n/);
    expect(status.stdout + sent.stdout).not.toContain(PW);
  }, 180_000);
});
