// firewall: per family against the shared fixture roots. Offline runs use the real
// `systemctl --root` (el7+) or write the rc links chkconfig would (el6); the live path runs with
// the guarded runner, which records the commands and refuses any it was not told to expect.
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import firewall from '../../modules/firewall.js';
import { runTestTarget } from '../../modules/lib/test-context.js';
import type { AllowRule } from '../../modules/lib/test-context.js';
import type { Params } from '../../modules/lib/types.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../helpers/roots.js';
import type { Family } from '../helpers/roots.js';
import { bundleDir, bundleModule, callModule } from './lib/bundle.js';

const KEY = 'com.oracle.linux.network.firewall';
const SYSTEMCTL_ROOT: AllowRule = { argv: ['systemctl', /^--root=\//], real: true };
const run = (root: string, params: Params, extra: { live?: boolean; dryRun?: boolean; allow?: AllowRule[] } = {}) =>
  runTestTarget(firewall, 'configure', params, { root, allow: [SYSTEMCTL_ROOT], ...extra });

let bundles: string;
let script: string;
beforeAll(async () => {
  bundles = bundleDir();
  script = await bundleModule(join(import.meta.dirname, '../../modules/firewall.ts'), firewall, bundles);
});
afterAll(() => {
  cleanupRoots();
  rmSync(bundles, { recursive: true, force: true });
});

describe('declaration', () => {
  it('is configure 41 with one hidden key and no format (other values mean "leave it")', () => {
    expect(firewall.priorities).toEqual({ configure: 41 });
    expect(firewall.parameters.configure).toEqual([expect.objectContaining({ key: KEY, hidden: true })]);
    expect(firewall.parameters.configure![0]!.format).toBeUndefined();
  });
});

describe.each(['el7', 'el8', 'el9'] as Family[])('%s offline (systemctl --root, real)', (family) => {
  it('False disables firewalld (links gone), True restores the tree byte for byte', async () => {
    const root = makeRoot(family);
    const original = snapshotTree(root);
    const off = await run(root, { [KEY]: 'False' });
    expect(off.commands).toEqual([{ argv: ['systemctl', `--root=${root}`, 'disable', 'firewalld.service'], input: false }]);
    const after = snapshotTree(root);
    expect(after.has('/etc/systemd/system/multi-user.target.wants/firewalld.service')).toBe(false);
    expect(after.has('/etc/systemd/system/dbus-org.fedoraproject.FirewallD1.service')).toBe(false);
    expect(off.logs).toContain(`info: ${root} is not the running system: only disabling firewalld, no stop`);
    await run(root, { [KEY]: 'True' });
    expect(snapshotTree(root)).toEqual(original);
  });

  it('the dry-run plan lists exactly the commands the real run executes, and changes nothing', async () => {
    const root = makeRoot(family);
    const before = snapshotTree(root);
    const dry = await run(root, { [KEY]: 'False' }, { dryRun: true });
    expect(dry.commands).toEqual([]);
    expect(snapshotTree(root)).toEqual(before);
    const real = await run(root, { [KEY]: 'False' });
    expect(dry.result.plan.map((s) => (s.action === 'run' ? s.argv : s))).toEqual(real.commands.map((c) => c.argv));
    expect(dry.result.plan).toEqual(real.result.plan);
  });
});

describe('el7/el8 without firewalld', () => {
  it('uses the iptables and ip6tables services when they are installed instead', async () => {
    const root = makeRoot('el8');
    for (const f of ['usr/lib/systemd/system/firewalld.service', 'etc/systemd/system/multi-user.target.wants/firewalld.service']) {
      unlinkSync(join(root, f));
    }
    for (const svc of ['iptables', 'ip6tables']) {
      const unit = `[Unit]\nDescription=${svc}\n[Service]\nType=oneshot\nExecStart=/usr/libexec/iptables/${svc}.init start\n[Install]\nWantedBy=basic.target\n`;
      writeFileSync(join(root, `usr/lib/systemd/system/${svc}.service`), unit);
    }
    const r = await run(root, { [KEY]: 'True' });
    expect(r.commands.map((c) => c.argv.slice(2))).toEqual([
      ['enable', 'iptables.service'],
      ['enable', 'ip6tables.service'],
    ]);
    const tree = snapshotTree(root);
    expect(tree.get('/etc/systemd/system/basic.target.wants/iptables.service')?.linkTarget).toBe('/usr/lib/systemd/system/iptables.service');
    expect(tree.has('/etc/systemd/system/basic.target.wants/ip6tables.service')).toBe(true);
  });

  it('with no firewall installed, True is an error that says so, and False is a no-op', async () => {
    const root = makeRoot('el9');
    unlinkSync(join(root, 'usr/lib/systemd/system/firewalld.service'));
    const before = snapshotTree(root);
    await expect(run(root, { [KEY]: 'True' })).rejects.toThrow(/no firewall service is installed under .* \(looked for firewalld\); install one first, or send False/);
    await expect(run(root, { [KEY]: 'True' })).rejects.toMatchObject({ key: KEY });
    const off = await run(root, { [KEY]: 'False' });
    expect(off.commands).toEqual([]);
    expect(off.logs).toContain('info: no firewall service is installed (looked for firewalld): nothing to turn off');
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('el6 offline (rc links, as chkconfig --level 2345 would)', () => {
  it('False swaps S08 links for K92 links in levels 2-5 only; True restores the tree byte for byte', async () => {
    const root = makeRoot('el6');
    const original = snapshotTree(root);
    const off = await run(root, { [KEY]: 'False' });
    expect(off.commands).toEqual([]);
    const tree = snapshotTree(root);
    for (const level of [2, 3, 4, 5]) {
      for (const svc of ['iptables', 'ip6tables']) {
        expect(tree.has(`/etc/rc.d/rc${level}.d/S08${svc}`)).toBe(false);
        expect(tree.get(`/etc/rc.d/rc${level}.d/K92${svc}`)?.linkTarget).toBe(`../init.d/${svc}`);
      }
    }
    // Levels 0, 1 and 6 and other services are not touched.
    for (const [path, entry] of original) {
      if (!/rc[2345]\.d\/[SK][0-9]{2}ip6?tables$/.test(path)) expect(tree.get(path)).toEqual(entry);
    }
    const on = await run(root, { [KEY]: 'True' });
    expect(on.commands).toEqual([]);
    expect(snapshotTree(root)).toEqual(original);
  });

  it('the dry-run plan shows the link changes and changes nothing', async () => {
    const root = makeRoot('el6');
    const before = snapshotTree(root);
    const dry = await run(root, { [KEY]: 'False' }, { dryRun: true });
    expect(snapshotTree(root)).toEqual(before);
    expect(dry.result.plan).toContainEqual(expect.objectContaining({ action: 'remove', path: '/etc/rc.d/rc3.d/S08iptables' }));
    expect(dry.result.plan).toContainEqual(expect.objectContaining({ action: 'symlink', path: '/etc/rc.d/rc3.d/K92iptables', target: '../init.d/iptables' }));
    const real = await run(root, { [KEY]: 'False' });
    expect(real.result.plan).toEqual(dry.result.plan);
  });
});

describe('live (guarded runner: only the expected commands may run)', () => {
  it('el6 True: chkconfig on and service start for iptables and ip6tables', async () => {
    const r = await run(makeRoot('el6'), { [KEY]: 'True' }, { live: true, allow: [{ argv: ['chkconfig'] }, { argv: ['service'] }] });
    expect(r.commands.map((c) => c.argv.join(' '))).toEqual([
      'chkconfig --level 2345 iptables on',
      'service iptables start',
      'chkconfig --level 2345 ip6tables on',
      'service ip6tables start',
    ]);
  });

  it('el6 False: the mirror image', async () => {
    const r = await run(makeRoot('el6'), { [KEY]: 'False' }, { live: true, allow: [{ argv: ['chkconfig'] }, { argv: ['service'] }] });
    expect(r.commands.map((c) => c.argv.join(' '))).toEqual([
      'chkconfig --level 2345 iptables off',
      'service iptables stop',
      'chkconfig --level 2345 ip6tables off',
      'service ip6tables stop',
    ]);
  });

  /** `systemctl is-system-running` as systemd answers it: "running" (exit 0) or, during boot, "starting" (exit 1). */
  const systemState = (state: 'running' | 'starting') => ({
    argv: ['systemctl', 'is-system-running'],
    exact: true,
    result: { exitCode: state === 'running' ? 0 : 1, stdout: `${state}\n` },
  });

  it.each(['el7', 'el8', 'el9'] as Family[])('%s: systemctl enable --now / disable --now firewalld', async (family) => {
    const allow = [systemState('running'), { argv: ['systemctl', /^(enable|disable)$/, '--now', 'firewalld.service'], exact: true }];
    const on = await run(makeRoot(family), { [KEY]: 'True' }, { live: true, allow });
    expect(on.commands.map((c) => c.argv.join(' '))).toEqual(['systemctl is-system-running', 'systemctl enable --now firewalld.service']);
    const off = await run(makeRoot(family), { [KEY]: 'False' }, { live: true, allow });
    expect(off.commands.map((c) => c.argv.join(' '))).toEqual(['systemctl is-system-running', 'systemctl disable --now firewalld.service']);
  });

  it('during boot (the first-boot run, which the network waits for) the start is queued, not waited for, and the log says so', async () => {
    const allow = [systemState('starting'), { argv: ['systemctl', '--no-block', 'enable', '--now', 'firewalld.service'], exact: true }];
    const on = await run(makeRoot('el9'), { [KEY]: 'True' }, { live: true, allow });
    expect(on.denied).toEqual([]);
    expect(on.commands.map((c) => c.argv.join(' '))).toEqual(['systemctl is-system-running', 'systemctl --no-block enable --now firewalld.service']);
    expect(on.logs.join('\n')).toMatch(/ran: systemctl --no-block enable --now firewalld\.service \(the system is still booting: the job is queued/);
    // The plan (dry run, --json) tells which steps are jobs.
    expect(on.result.plan.filter((s) => s.action === 'run').map((s) => s.queuesJob)).toEqual([true]);
  });

  it('a failing service start fails the module with the command and its message', async () => {
    const allow = [{ argv: ['systemctl'], result: { exitCode: 1, stderr: 'Job for firewalld.service failed.\n' } }];
    await expect(run(makeRoot('el8'), { [KEY]: 'True' }, { live: true, allow })).rejects.toThrow(
      'systemctl enable --now firewalld.service failed with exit status 1: Job for firewalld.service failed.',
    );
  });
});

describe('values other than True/False', () => {
  it.each([undefined, 'true', 'yes', '1', ''])('%j leaves the firewall alone and says so', async (value) => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const r = await run(root, value === undefined ? {} : { [KEY]: value }, { live: true });
    expect(r.commands).toEqual([]);
    expect(r.result.plan).toEqual([]);
    expect(r.logs.join('\n')).toMatch(/firewall left as it is/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a hostile value (newline injection) is refused through the protocol: exit 2, key named, root unchanged', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const r = await callModule(script, ['configure'], root, { [KEY]: 'False\nExecStart=/bin/sh' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`error: ${KEY}: contains a control character`);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('through the protocol (bundled module, real systemctl --root)', () => {
  it('disables firewalld on an el9 root and prints the parameter set back', async () => {
    const root = makeRoot('el9');
    const r = await callModule(script, ['configure'], root, { [KEY]: 'False', 'other.key': 'x' });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ [KEY]: 'False', 'other.key': 'x' });
    expect(r.stderr).toContain(`info: ran: systemctl --root=${root} disable firewalld.service`);
    expect(snapshotTree(root).has('/etc/systemd/system/multi-user.target.wants/firewalld.service')).toBe(false);
  });
});
