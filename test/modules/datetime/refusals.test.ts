// Hostile and malformed values: each is refused with an error that names the key, before
// anything is written or run, so the root stays byte-identical.
import { afterAll, describe, expect, it } from 'vitest';
import datetime from '../../../modules/datetime.js';
import { InputError } from '../../../modules/lib/types.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';
import { runTarget } from './harness.js';

const K = 'com.oracle.linux.datetime.';

const HOSTILE: [string, string, RegExp][] = [
  [`${K}timezone`, '../../etc/passwd', /"\.\."/],
  [`${K}timezone`, '/etc/passwd', /relative/],
  [`${K}timezone`, 'Mars/Olympus_Mons', /not a time zone under .*no file \/usr\/share\/zoneinfo\/Mars\/Olympus_Mons/],
  [`${K}timezone`, 'America', /not a time zone/],
  [`${K}timezone`, 'Fake/NotTzif', /not a compiled time zone file/],
  [`${K}timezone`, 'Europe/London\nZONE=x', /control character/],
  [`${K}timezone`, 'UTC; reboot', /may only contain/],
  [`${K}timezone`, 'America/New_York/../../../../etc/shadow', /"\.\."/],
  [`${K}datetime`, '2011-13-45-1-1-1', /not a real calendar date/],
  [`${K}datetime`, '2011-2-29-1-1-1', /not a real calendar date/],
  [`${K}datetime`, '2011-4-7-24-0-0', /not a real time of day/],
  [`${K}datetime`, '$(reboot)', /year-month-day-hour-minute-second/],
  [`${K}utc`, 'Truee', /must be "True" or "False"/],
  [`${K}utc`, 'true', /must be "True" or "False"/],
  [`${K}ntp`, 'yes', /must be "True" or "False"/],
  [`${K}ntp-local-time-source`, 'True\n', /control character/],
  [`${K}ntp-servers`, 'time.example.com\nserver evil.example.com', /control character/],
  [`${K}ntp-servers`, 'time.example.com iburst maxpoll 1', /not a valid host name or IP address/],
  [`${K}ntp-servers`, 'a.example.com;reboot', /not a valid host name or IP address/],
  [`${K}ntp-servers`, 'a.example.com,,b.example.com', /empty item/],
];

afterAll(() => cleanupRoots());

describe.each<Family>(['el6', 'el9'])('refusals on %s', (family) => {
  it.each(HOSTILE)('%s = %j is refused and nothing changes', async (key, value, message) => {
    const root = makeRoot(family, { 'usr/share/zoneinfo/Fake/NotTzif': 'root:x:0:0:root:/root:/bin/bash\n' });
    const before = snapshotTree(root);
    // A valid key in the same batch must not be applied either.
    const params = { [`${K}ntp-servers`]: 'ok.example.com', [`${K}ntp`]: 'False', [key]: value };
    const run = runTarget(datetime, 'configure', root, params, { family });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toMatchObject({ key, message: expect.stringMatching(message) });
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('the time service must be installed to be turned on', () => {
  it('refuses ntp=True when the unit is missing, naming the key and the fix', async () => {
    const root = makeRoot('el9');
    const { rmSync } = await import('node:fs');
    rmSync(`${root}/usr/lib/systemd/system/chronyd.service`);
    rmSync(`${root}/etc/systemd/system/multi-user.target.wants/chronyd.service`);
    const before = snapshotTree(root);
    const run = runTarget(datetime, 'configure', root, { [`${K}ntp`]: 'True', [`${K}timezone`]: 'UTC' }, { family: 'el9' });
    await expect(run).rejects.toMatchObject({ key: `${K}ntp`, message: expect.stringMatching(/chronyd.*not installed.*leave .* unset/) });
    expect(snapshotTree(root)).toEqual(before);
  });

  it('accepts ntp=False when it is missing, and does nothing for it', async () => {
    const root = makeRoot('el6');
    const { rmSync } = await import('node:fs');
    rmSync(`${root}/etc/rc.d/init.d/ntpd`);
    const run = await runTarget(datetime, 'configure', root, { [`${K}ntp`]: 'False' }, { family: 'el6' });
    expect(run.plan).toEqual([]);
  });
});

describe('el6 /etc/localtime that is a link', () => {
  it('is replaced by a copy, and the zone file it pointed at is left intact', async () => {
    const root = makeRoot('el6');
    const { rmSync, symlinkSync, readFileSync, lstatSync } = await import('node:fs');
    rmSync(`${root}/etc/localtime`);
    symlinkSync('../usr/share/zoneinfo/America/New_York', `${root}/etc/localtime`);
    const newYork = readFileSync(`${root}/usr/share/zoneinfo/America/New_York`);
    await runTarget(datetime, 'configure', root, { [`${K}timezone`]: 'Asia/Tokyo' }, { family: 'el6' });
    expect(readFileSync(`${root}/usr/share/zoneinfo/America/New_York`).equals(newYork)).toBe(true);
    expect(lstatSync(`${root}/etc/localtime`).isSymbolicLink()).toBe(false);
    expect(readFileSync(`${root}/etc/localtime`).equals(readFileSync(`${root}/usr/share/zoneinfo/Asia/Tokyo`))).toBe(true);
  });
});
