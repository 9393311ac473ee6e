// Golden files per family (test/modules/datetime/golden/<family>/<scenario>.txt): what the
// datetime module writes and which commands it runs on an offline root, for each key; then a
// second run changes nothing, and the dry-run plan names exactly the files the real run wrote.
import { afterAll, describe, expect, it } from 'vitest';
import datetime from '../../../modules/datetime.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';
import { plannedPaths, runTarget } from './harness.js';
import { diffTrees, renderGolden } from './tree-diff.js';

const K = 'com.oracle.linux.datetime.';
const FAMILIES: Family[] = ['el6', 'el7', 'el8', 'el9'];

// Each scenario is a batch of keys; `before` runs first (not recorded) to set up a state.
const SCENARIOS: Record<string, { params: Record<string, string>; before?: Record<string, string> }> = {
  timezone: { params: { [`${K}timezone`]: 'Europe/London' } },
  'utc-local': { params: { [`${K}utc`]: 'False' } },
  'ntp-servers': { params: { [`${K}ntp-servers`]: 'time.example.com, 192.0.2.123' } },
  'local-source-on': { params: { [`${K}ntp-local-time-source`]: 'True' } },
  'local-source-off': { params: { [`${K}ntp-local-time-source`]: 'False' }, before: { [`${K}ntp-local-time-source`]: 'True' } },
  'ntp-off': { params: { [`${K}ntp`]: 'False' }, before: { [`${K}ntp`]: 'True' } },
  'ntp-on': { params: { [`${K}ntp`]: 'True' }, before: { [`${K}ntp`]: 'False' } },
  everything: {
    params: {
      [`${K}datetime`]: '2011-4-7-9-2-42',
      [`${K}timezone`]: 'Asia/Tokyo',
      [`${K}utc`]: 'True',
      [`${K}ntp`]: 'True',
      [`${K}ntp-servers`]: 'ntp1.example.com,ntp2.example.com',
      [`${K}ntp-local-time-source`]: 'True',
      'com.example.unrelated.key': 'left alone',
    },
  },
};

// Links systemctl itself makes; the plan names the command, not each link it creates.
const SYSTEMCTL_OWNED = /^\/etc\/systemd\/system\//;

afterAll(() => cleanupRoots());

describe.each(FAMILIES)('datetime on %s', (family) => {
  it.each(Object.keys(SCENARIOS))('%s matches its golden file, plans what it writes, and re-runs to no change', async (name) => {
    const { params, before: setup } = SCENARIOS[name]!;
    const root = makeRoot(family);
    if (setup) await runTarget(datetime, 'configure', root, setup, { family });
    const before = snapshotTree(root);
    const dry = await runTarget(datetime, 'configure', root, params, { family, dryRun: true });
    expect(snapshotTree(root)).toEqual(before);
    const real = await runTarget(datetime, 'configure', root, params, { family });
    const after = snapshotTree(root);
    await expect(renderGolden(before, after, real.plan, root)).toMatchFileSnapshot(`golden/${family}/${name}.txt`);

    const diff = diffTrees(before, after);
    const written = [...diff.added, ...diff.changed, ...diff.removed].filter((p) => !SYSTEMCTL_OWNED.test(p));
    expect(plannedPaths(dry.plan)).toEqual(written.sort());
    expect(dry.commands.filter((c) => !c.startsWith('systemctl'))).toEqual([]);
    expect(real.params).toEqual(params);

    await runTarget(datetime, 'configure', root, params, { family });
    expect(snapshotTree(root)).toEqual(after);
    const again = await runTarget(datetime, 'configure', root, params, { family, dryRun: true });
    expect(plannedPaths(again.plan)).toEqual([]);
  });
});
