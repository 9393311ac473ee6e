// The datetime module as the runner calls it: bundled like scripts/build.ts does,
// run as processes over a scratch root whose family is detected from its release files.
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import datetime from '../../../modules/datetime.js';
import { bundleDir, bundleModule, callModule } from '../lib/bundle.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../modules');
const K = 'com.oracle.linux.datetime.';
let dir: string;
let datetimeBin: string;

beforeAll(async () => {
  dir = bundleDir();
  datetimeBin = await bundleModule(`${MODULES}/datetime.ts`, datetime, dir);
}, 120_000);

afterAll(() => {
  cleanupRoots();
  rmSync(dir, { recursive: true, force: true });
});

describe('datetime executable', () => {
  it('enumerates its six hidden keys for configure', async () => {
    const out = await callModule(datetimeBin, ['configure', '-e'], makeRoot('el9'));
    const keys = (JSON.parse(out.stdout) as { key: string; hidden: boolean }[]).map((d) => [d.key, d.hidden]);
    expect(keys).toEqual(
      ['datetime', 'timezone', 'utc', 'ntp', 'ntp-servers', 'ntp-local-time-source'].map((k) => [`${K}${k}`, true]),
    );
  });

  it('plans on a dry run, then writes exactly the planned files and echoes the parameter set', async () => {
    const root = makeRoot('el6');
    const input = { [`${K}timezone`]: 'Europe/London', [`${K}utc`]: 'False', 'com.example.other': 'x' };
    const before = snapshotTree(root);
    const dry = await callModule(datetimeBin, ['configure', '--dry-run'], root, input);
    expect(dry.exitCode).toBe(0);
    const plan = JSON.parse(dry.stdout) as { parameters: object; plan: { action: string; path?: string; diff?: string }[] };
    expect(plan.plan.map((s) => `${s.action} ${s.path}`)).toEqual(['write /etc/localtime', 'write /etc/sysconfig/clock']);
    expect(plan.plan[1]!.diff).toContain('+ZONE="Europe/London"');
    expect(snapshotTree(root)).toEqual(before);

    const real = await callModule(datetimeBin, ['configure'], root, input);
    expect(real.exitCode).toBe(0);
    expect(JSON.parse(real.stdout)).toEqual(input);
    expect(real.stderr).toContain('wrote /etc/sysconfig/clock');
  });

  it('refuses a hostile zone with exit 2 and one error line naming the key', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const out = await callModule(datetimeBin, ['configure'], root, { [`${K}timezone`]: '../../etc/passwd' });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`^error: ${K}timezone: .*"\\.\\."`, 'm'));
    expect(snapshotTree(root)).toEqual(before);
  });
});
