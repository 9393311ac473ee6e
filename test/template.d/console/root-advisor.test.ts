// The dialog's advisor over a real guest root (the built-in bundles, loaded in this process):
// current values from that root and not the host, a follow-up the network module needs, and the
// whole set's check, which refuses for the run's reasons and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootAdvisor } from '../../../template.d/console/root-advisor.js';
import { buildQuestions } from '../../../template.d/console/questions.js';
import { cleanupRoots, snapshotTree } from '../../helpers/roots.js';
import { ensureDist, makeGuest } from './guest.js';
import { builtinConfigure } from './scripted-driver.js';

const N = 'com.oracle.linux.network.';
const PW = 'com.oracle.linux.root-password';
const question = (key: string) => buildQuestions(builtinConfigure()).find((q) => q.key === key)!;

beforeAll(ensureDist, 240_000);
afterAll(cleanupRoots);

describe('the root advisor', { timeout: 60_000 }, () => {
  it('offers the configured root\'s values, never the host\'s', async () => {
    const root = makeGuest('el9', { 'etc/hostname': 'in-the-root.example.com\n' });
    const current = await rootAdvisor({ root, target: 'configure' }).current();
    expect(current).toEqual({ [`${N}hostname`]: 'in-the-root.example.com', [`${N}device.0`]: 'eth0', [`${N}onboot.0`]: 'yes', [`${N}bootproto.0`]: 'dhcp' });
  });

  it('says which follow-ups the network module needs after the answers so far', async () => {
    const advisor = rootAdvisor({ root: makeGuest('el9'), target: 'configure' });
    const dhcp = { [`${N}device.0`]: 'eth0', [`${N}bootproto.0`]: 'dhcp' };
    const fixed = { [`${N}device.0`]: 'eth0', [`${N}bootproto.0`]: 'static' };
    expect(await advisor.needed(question(`${N}ipaddr.0`), dhcp)).toBeUndefined();
    expect(await advisor.needed(question(`${N}ipaddr.0`), fixed)).toMatch(/is required when com\.oracle\.linux\.network\.bootproto\.0 is static/);
    expect(await advisor.needed(question(`${N}netmask.0`), { ...fixed, [`${N}ipaddr.0`]: '192.0.2.3' })).toMatch(/is required with/);
    expect(await advisor.needed(question(`${N}gateway.0`), { ...fixed, [`${N}ipaddr.0`]: '192.0.2.3', [`${N}netmask.0`]: '24' })).toBeUndefined();
  });

  it('checks the whole set as the run would, masks the secret, and changes nothing', async () => {
    const root = makeGuest('el9');
    const advisor = rootAdvisor({ root, target: 'configure' });
    const before = snapshotTree(root);
    const set = { [`${N}device.0`]: 'eth0', [`${N}bootproto.0`]: 'static', [`${N}ipaddr.0`]: '192.0.2.3', [`${N}netmask.0`]: '24', [PW]: 'Advisor-canary-5' };
    expect(await advisor.refusals(set)).toEqual([]);
    const refused = await advisor.refusals({ ...set, [`${N}gateway.0`]: '198.51.100.1' });
    expect(refused).toEqual([expect.stringMatching(/^com\.oracle\.linux\.network\.gateway\.0: 198\.51\.100\.1 is not on the network 192\.0\.2\.3\/24.*\(module "network"\)$/)]);
    expect(refused.join('\n')).not.toContain('canary');
    expect(snapshotTree(root)).toEqual(before);
  });
});
