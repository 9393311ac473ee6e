// The network module as it runs on a guest: bundled like scripts/build.ts does, installed into
// a fixture root's /etc/template.d/scripts and enabled with the real `ovm-chkconfig --add`,
// then driven by the real built `ovm-template-config --root <root> --stdin configure`.
import { execa } from 'execa';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import network from '../../../modules/network.js';
import { bundleDir, bundleModule, callModule, installModules } from '../lib/bundle.js';
import { installCommands, type Installed } from '../../template.d/helpers/built.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family, type TreeEntry } from '../../helpers/roots.js';
import { STATIC, TWO_INTERFACES, batch } from './batches.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, 'golden');
const RUN_LOG = '/var/log/ovm-template-config.log'; // the runner's own record of the run
let installed: Installed;
let bundles: string;
let networkBin: string;

beforeAll(async () => {
  installed = installCommands();
  bundles = bundleDir();
  networkBin = await bundleModule(resolve(HERE, '../../../modules/network.ts'), network, bundles);
}, 240_000);

afterAll(() => {
  cleanupRoots();
  installed?.remove();
  if (bundles) rmSync(bundles, { recursive: true, force: true });
});

/** A fixture root with the module installed and enabled the way an RPM's %post does it. */
const guest = (family: Family) => installModules(makeRoot(family), { network: networkBin }, installed.bin('ovm-chkconfig'));

function runner(root: string, args: string[], input?: object) {
  return execa(installed.bin('ovm-template-config'), ['--root', root, ...args], {
    reject: false,
    timeout: 120_000,
    input: input === undefined ? '' : JSON.stringify(input),
  });
}

function changed(before: Map<string, TreeEntry>, after: Map<string, TreeEntry>): string[] {
  return [...after.keys()]
    .filter((p) => !after.get(p)!.dir && p !== RUN_LOG && JSON.stringify(before.get(p)) !== JSON.stringify(after.get(p)))
    .sort();
}

describe('through ovm-template-config', { timeout: 180_000 }, () => {
  it.each(['el6', 'el7', 'el8', 'el9'] as const)('%s: the common batch writes the golden files', async (family) => {
    const root = await guest(family);
    const before = snapshotTree(root);
    const run = await runner(root, ['--stdin', 'configure'], STATIC);
    expect(run.exitCode, String(run.stdout) + String(run.stderr)).toBe(0);
    const after = snapshotTree(root);
    const paths = changed(before, after);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(after.get(path)!.content, path).toBe(readFileSync(join(GOLDEN, family, 'static', path), 'utf8'));
  });

  it('accepts Oracle\'s bootproto "none" and a second interface (el7, golden two-interfaces)', async () => {
    const root = await guest('el7');
    const before = snapshotTree(root);
    const run = await runner(root, ['--stdin', 'configure'], TWO_INTERFACES);
    expect(run.exitCode, String(run.stdout) + String(run.stderr)).toBe(0);
    const after = snapshotTree(root);
    const paths = changed(before, after);
    expect(paths).toContain('/etc/sysconfig/network-scripts/ifcfg-eth1');
    for (const path of paths) expect(after.get(path)!.content, path).toBe(readFileSync(join(GOLDEN, 'el7', 'two-interfaces', path), 'utf8'));
  });

  it('lists the parameters with --enumerate --human-readable, as a Python literal', async () => {
    const root = await guest('el9');
    const run = await runner(root, ['--enumerate', '--human-readable', 'configure']);
    expect(run.exitCode).toBe(0);
    const json = await execa('/usr/bin/python3', ['-c', 'import ast,json,sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'], {
      input: String(run.stdout),
    });
    const [[priority, name, descriptors]] = JSON.parse(String(json.stdout)) as [number, string, { key: string; hidden?: boolean }[]][];
    expect([priority, name]).toEqual([50, 'network']);
    expect(descriptors).toHaveLength(22);
    const visible = descriptors.filter((d) => !d.hidden).map((d) => d.key.replace('com.oracle.linux.network.', ''));
    expect(visible).toEqual(['hostname', 'device.0', 'onboot.0', 'bootproto.0', 'ipaddr.0', 'netmask.0', 'gateway.0', 'dns-servers.0']);
  });

  it.each([
    ['device.0', { 'device.0': '../../etc/passwd' }],
    ['device.0', { 'device.0': 'eth0;reboot' }],
    ['hostname', { hostname: '$(reboot)' }],
    ['ipaddr.3', { 'device.3': 'eth3', 'bootproto.3': 'static', 'ipaddr.3': '999.1.1.1', 'netmask.3': '24' }],
    ['gateway.0', { 'gateway.0': '203.0.113.1' }],
  ])('refuses %s and changes nothing', async (short, overrides) => {
    const root = await guest('el8');
    const before = snapshotTree(root);
    const run = await runner(root, ['--stdin', 'configure'], { ...STATIC, ...batch(overrides) });
    expect(run.exitCode).not.toBe(0);
    expect(String(run.stdout) + String(run.stderr)).toContain(`com.oracle.linux.network.${short}`);
    expect(changed(before, snapshotTree(root))).toEqual([]);
  });

  it('cleanup runs from the cleanup.d link and leaves a generic template', async () => {
    const root = await guest('el6');
    await runner(root, ['--stdin', 'configure'], STATIC);
    const run = await runner(root, ['--stdin', 'cleanup'], {});
    expect(run.exitCode, String(run.stdout) + String(run.stderr)).toBe(0);
    expect(readFileSync(join(root, 'etc/sysconfig/network'), 'utf8')).toContain('HOSTNAME=localhost.localdomain');
    expect(readFileSync(join(root, 'etc/sysconfig/network-scripts/ifcfg-eth0'), 'utf8')).not.toMatch(/HWADDR|IPADDR/);
    expect(existsSync(join(root, 'etc/udev/rules.d/70-persistent-net.rules'))).toBe(false);
  });
});

describe('the module executable', { timeout: 120_000 }, () => {
  it('plans (--dry-run, OVM_TEMPLATE_ROOT) exactly the files the real run writes', async () => {
    const root = makeRoot('el9');
    const before = snapshotTree(root);
    const dry = await callModule(networkBin, ['configure', '--dry-run'], root, STATIC);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(snapshotTree(root)).toEqual(before);
    const plan = JSON.parse(dry.stdout) as { plan: { action: string; path?: string; argv?: string[] }[] };
    const real = await callModule(networkBin, ['configure'], root, STATIC);
    expect(real.exitCode, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout)).toEqual(STATIC);
    const writes = plan.plan.filter((s) => s.action === 'write').map((s) => s.path);
    expect(writes.sort()).toEqual(changed(before, snapshotTree(root)));
    expect(plan.plan.filter((s) => s.action === 'run').map((s) => s.argv![0])).toEqual(['hostnamectl', 'nmcli', 'nmcli']);
  });

  it('refuses with exit 2 and one "error: <key>: <reason>" line', async () => {
    const root = makeRoot('el7');
    const before = snapshotTree(root);
    const out = await callModule(networkBin, ['configure'], root, { ...STATIC, ...batch({ 'mtu.4': '0', 'device.4': 'eth4' }) });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^error: com\.oracle\.linux\.network\.mtu\.4: .*68/m);
    expect(snapshotTree(root)).toEqual(before);
  });
});
