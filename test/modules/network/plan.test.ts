// The dry run lists exactly the files the real run writes and changes nothing; live commands
// run only on a running system, and which ones depends on the family.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import network from '../../../modules/network.js';
import { runTestTarget } from '../../../modules/lib/test-context.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';
import { STATIC, TWO_INTERFACES } from './batches.js';

afterAll(cleanupRoots);
const FAMILIES: Family[] = ['el6', 'el7', 'el8', 'el9'];

function changedPaths(before: ReturnType<typeof snapshotTree>, after: ReturnType<typeof snapshotTree>): string[] {
  return [...after.keys()].filter((p) => !after.get(p)!.dir && JSON.stringify(before.get(p)) !== JSON.stringify(after.get(p))).sort();
}

describe.each(FAMILIES)('plan, %s', (family) => {
  it('names the files the real run writes, with diffs, and writes nothing itself', async () => {
    const root = makeRoot(family);
    const before = snapshotTree(root);
    const dry = await runTestTarget(network, 'configure', TWO_INTERFACES, { root, dryRun: true });
    expect(snapshotTree(root)).toEqual(before);
    const planned = dry.result.plan.filter((s) => s.action === 'write');
    for (const step of planned) expect(step).toHaveProperty('diff');

    await runTestTarget(network, 'configure', TWO_INTERFACES, { root });
    const written = changedPaths(before, snapshotTree(root));
    expect(planned.map((s) => (s as { path: string }).path).sort()).toEqual(written);
  });

  it('cleanup plan matches the cleanup run', async () => {
    const root = makeRoot(family);
    await runTestTarget(network, 'configure', STATIC, { root });
    const before = snapshotTree(root);
    const dry = await runTestTarget(network, 'cleanup', {}, { root, dryRun: true });
    expect(snapshotTree(root)).toEqual(before);
    const run = await runTestTarget(network, 'cleanup', {}, { root });
    const after = snapshotTree(root);
    const touched = [...changedPaths(before, after), ...[...before.keys()].filter((p) => !after.has(p))].sort();
    expect(dry.result.plan.map((s) => (s as { path?: string }).path).sort()).toEqual(touched);
    // cleanup says what it changed, one log line per file
    for (const path of touched) expect(run.logs.some((l) => l.includes(path))).toBe(true);
  });
});

describe('live commands', () => {
  const IS_ACTIVE = ['systemctl', 'is-active', '--quiet', 'NetworkManager.service'];
  const allow = (nmRunning: boolean) => [
    { argv: ['hostnamectl', 'set-hostname'] },
    { argv: ['hostname'] },
    { argv: IS_ACTIVE, exact: true, result: { exitCode: nmRunning ? 0 : 3 } },
    { argv: ['nmcli', 'connection', 'reload'], exact: true },
    { argv: ['nmcli', 'connection', 'up', 'uuid'] },
    { argv: ['nmcli', 'device', 'connect', 'eth0'], exact: true },
  ];

  it.each([
    ['el6', [['hostname', 'vm1.example.com']]],
    // el7 writes ifcfg-eth0 (no uuid in it): the device is connected again instead.
    ['el7', [['hostnamectl', 'set-hostname', 'vm1.example.com'], IS_ACTIVE, ['nmcli', 'connection', 'reload'], IS_ACTIVE, ['nmcli', 'device', 'connect', 'eth0']]],
    // el9: the profile is activated by the uuid the written keyfile has (the fixture's own).
    ['el9', [['hostnamectl', 'set-hostname', 'vm1.example.com'], IS_ACTIVE, ['nmcli', 'connection', 'reload'], IS_ACTIVE, ['nmcli', 'connection', 'up', 'uuid', '<uuid of eth0.nmconnection>']]],
  ] as const)('%s, NetworkManager running: reloads and brings the changed interface up with its new settings', async (family, expected) => {
    const root = makeRoot(family);
    const run = await runTestTarget(network, 'configure', STATIC, { root, live: true, allow: allow(true) });
    const keyfile = join(root, 'etc/NetworkManager/system-connections/eth0.nmconnection');
    const uuid = family === 'el9' ? /^uuid=(.+)$/m.exec(readFileSync(keyfile, 'utf8'))![1]! : '';
    expect(run.commands.map((c) => c.argv.map((a) => (uuid && a === uuid ? '<uuid of eth0.nmconnection>' : a)))).toEqual(expected);
  });

  it('el9 at first boot (NetworkManager not started yet): no nmcli, and the log says why', async () => {
    const root = makeRoot('el9');
    const run = await runTestTarget(network, 'configure', STATIC, { root, live: true, allow: allow(false) });
    expect(run.commands.map((c) => c.argv)).toEqual([['hostnamectl', 'set-hostname', 'vm1.example.com'], IS_ACTIVE, IS_ACTIVE]);
    expect(run.logs.filter((l) => l.includes('NetworkManager.service is not running'))).toHaveLength(2);
    const steps = run.result.plan.filter((s) => s.action === 'run' && s.argv![0] === 'nmcli');
    expect(steps.map((s) => 'whenActive' in s && s.whenActive)).toEqual(['NetworkManager.service', 'NetworkManager.service']);
  });

  it('an interface sent with onboot=no is written but not brought up', async () => {
    const root = makeRoot('el9');
    const run = await runTestTarget(network, 'configure', { ...STATIC, 'com.oracle.linux.network.onboot.0': 'no' }, { root, live: true, allow: allow(true) });
    expect(run.commands.map((c) => c.argv).filter((a) => a[0] === 'nmcli')).toEqual([['nmcli', 'connection', 'reload']]);
  });

  it('runs nothing when not live (offline root)', async () => {
    const root = makeRoot('el9');
    const run = await runTestTarget(network, 'configure', STATIC, { root });
    expect(run.commands).toEqual([]);
    expect(run.result.plan.filter((s) => s.action === 'run').every((s) => 'skipped' in s && s.skipped)).toBe(true);
  });
});
