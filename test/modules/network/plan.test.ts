// The dry run lists exactly the files the real run writes and changes nothing; live commands
// run only on a running system, and which ones depends on the family.
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
  const allow = [
    { argv: ['hostnamectl', 'set-hostname'] },
    { argv: ['hostname'] },
    { argv: ['nmcli', 'connection', 'reload'], exact: true },
  ];

  it.each([
    ['el6', [['hostname', 'vm1.example.com']]],
    ['el7', [['hostnamectl', 'set-hostname', 'vm1.example.com'], ['nmcli', 'connection', 'reload']]],
    ['el9', [['hostnamectl', 'set-hostname', 'vm1.example.com'], ['nmcli', 'connection', 'reload']]],
  ] as const)('%s runs only its own commands when live', async (family, expected) => {
    const root = makeRoot(family);
    const run = await runTestTarget(network, 'configure', STATIC, { root, live: true, allow });
    expect(run.commands.map((c) => c.argv)).toEqual(expected);
  });

  it('runs nothing when not live (offline root)', async () => {
    const root = makeRoot('el9');
    const run = await runTestTarget(network, 'configure', STATIC, { root });
    expect(run.commands).toEqual([]);
    expect(run.result.plan.filter((s) => s.action === 'run').every((s) => 'skipped' in s && s.skipped)).toBe(true);
  });
});
