// On the running system the datetime module also starts/stops the service, restarts it after a
// configuration change and sets both clocks. A dry run with `live` shows those commands (golden
// per family) without running any: the guarded test context would refuse them. systemctl jobs
// are marked: during boot they are queued with --no-block (modules/lib/apply.ts).
import { afterAll, describe, expect, it } from 'vitest';
import datetime from '../../../modules/datetime.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';
import { runTarget } from './harness.js';

const K = 'com.oracle.linux.datetime.';
const BATCH = {
  [`${K}datetime`]: '2011-4-7-9-2-42',
  [`${K}timezone`]: 'America/New_York',
  [`${K}utc`]: 'False',
  [`${K}ntp`]: 'True',
  [`${K}ntp-servers`]: 'time.example.com',
};

afterAll(() => cleanupRoots());

describe.each<Family>(['el6', 'el7', 'el8', 'el9'])('live plan on %s', (family) => {
  it('lists the live commands in order and runs none', async () => {
    const root = makeRoot(family);
    const before = snapshotTree(root);
    const run = await runTarget(datetime, 'configure', root, BATCH, { family, dryRun: true, live: true });
    expect(run.commands).toEqual([]);
    expect(snapshotTree(root)).toEqual(before);
    const lines = run.plan.map((s) => (s.action === 'run' ? `run ${JSON.stringify(s.argv)} live=${s.live}${s.queuesJob ? ' queuesJob' : ''}` : `${s.action} ${s.path}`));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(`golden/${family}/live-plan.txt`);
    // The clock is set last, local time first, then the hardware clock in the requested mode.
    expect(lines.slice(-2)).toEqual([
      'run ["date","--set","2011-04-07 09:02:42"] live=true',
      'run ["hwclock","--systohc","--localtime"] live=true',
    ]);
  });
});

describe('empty values', () => {
  it('refuses an empty value as malformed, naming the key (unset keys are simply absent)', async () => {
    const root = makeRoot('el9');
    const run = runTarget(datetime, 'configure', root, { [`${K}timezone`]: '' }, { family: 'el9' });
    await expect(run).rejects.toMatchObject({ key: `${K}timezone` });
  });
});
