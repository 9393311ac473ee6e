// The XAPI report against the real C xenstored, read back as dom0 with the real xenstore-read
// and xenstore-ls: every key under its name, an address change visible within a second, a
// removed address gone, no request when nothing changed (counted with dom0 watches), a resume
// re-publishing everything, and control/ refused under libxl's permissions but written under
// xenopsd's. Inputs (release files, meminfo, interfaces, sysfs vif ids) are injected.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type XenstoreClient } from '../../../../ovmd/client/index.js';
import type { Log } from '../../../../ovmd/daemon/log.js';
import type { GuestInputs, InterfaceAddresses } from '../../../../ovmd/daemon/report-xapi/guest-inputs.js';
import { XapiReporter } from '../../../../ovmd/daemon/report-xapi/xapi-reporter.js';
import { startGuest, startXenstored, type Xenstored } from '../../../xenstored/testbed.js';

const DOMID = 13;
const HOME = `/local/domain/${DOMID}`;
/** The memory period: long, so that anything seen within a test came from an event, not the period. */
const PERIOD_MS = 3_600_000;
let xsd: Xenstored;
let host: XenstoreClient;
let guest: XenstoreClient;
let reporter: XapiReporter;
let fire: () => void = () => undefined;
const warnings: string[] = [];
const log: Log = { info: () => undefined, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m), close: () => undefined };
let ifaces: InterfaceAddresses[] = [{ name: 'eth0', ipv4: ['192.0.2.13'], ipv6: ['fe80::216:3eff:fe00:d'] }, { name: 'docker0', ipv4: ['172.17.0.1'], ipv6: [] }];
let meminfo = 'MemTotal:        2030000 kB\nMemFree:          900000 kB\nMemAvailable:    1500000 kB\n';
const inputs: GuestInputs = {
  releaseFiles: () => new Map([['/etc/os-release', 'ID="ol"\nVERSION_ID="9.4"\nPRETTY_NAME="Oracle Linux Server 9.4"\n'], ['/etc/oracle-release', 'Oracle Linux Server release 9.4\n']]),
  unameRelease: () => '5.15.0-208.159.3.el9uek.x86_64',
  meminfo: () => meminfo,
  interfaces: () => ifaces,
  vifId: (i) => (i.name === 'eth0' ? 0 : undefined), // docker0 has no device/nodename: not a vif
  balloon: () => true,
};

async function read(path: string): Promise<string | undefined> {
  const r = await execa('xenstore-read', [`${HOME}/${path}`], { env: xsd.env, reject: false });
  return r.exitCode === 0 ? r.stdout : undefined;
}

async function ls(path: string): Promise<string> {
  return (await execa('xenstore-ls', ['-f', `${HOME}/${path}`], { env: xsd.env, reject: false })).stdout;
}

/** Resolves with the time from now until dom0 sees `path` hold `value`. */
async function seenWithin(path: string, value: string | undefined, act: () => void): Promise<number> {
  const start = performance.now();
  let done: () => void = () => undefined;
  const seen = new Promise<void>((r) => (done = r));
  const check = async () => {
    const v = await host.read(`${HOME}/${path}`).then((b) => b.toString(), () => undefined);
    if (v === value) done();
  };
  const w = await host.watch(`${HOME}/attr`, () => void check());
  act();
  await seen;
  await w.close();
  return performance.now() - start;
}

beforeAll(async () => {
  xsd = await startXenstored();
  const g = await startGuest(xsd, DOMID);
  host = await connect({ endpoint: xsd.socket });
  guest = await connect({ endpoint: g.socket });
  await host.write(`${HOME}/unique-domain-id`, 'uuid-one');
  reporter = new XapiReporter({
    inputs, connection: () => guest, log, version: '0.1.0', memoryPeriodMs: PERIOD_MS,
    events: { start: (cb) => (fire = cb), stop: () => undefined },
  });
  await reporter.connected(guest);
  reporter.setActive(true);
  await reporter.idle();
});

afterAll(async () => {
  reporter?.stop();
  await guest?.close();
  await host?.close();
  await xsd?.stop();
});

describe('XAPI report', () => {
  it('writes every key XAPI reads, under its name, and only the vif interface', async () => {
    expect(await read('data/os_distro')).toBe('oracle');
    expect(await read('data/os_majorver')).toBe('9');
    expect(await read('data/os_minorver')).toBe('4');
    expect(await read('data/os_name')).toBe('Oracle Linux Server release 9.4');
    expect(await read('data/os_uname')).toBe('5.15.0-208.159.3.el9uek.x86_64');
    expect(await read('data/meminfo_total')).toBe('2030000');
    expect(await read('data/meminfo_free')).toBe('1500000');
    expect(await read('attr/PVAddons/Installed')).toBe('1');
    expect(await read('attr/PVAddons/MajorVersion')).toBe('1'); // 0.x would hide the version in Xen Orchestra
    expect(await read('attr/PVAddons/MinorVersion')).toBe('1');
    expect(await read('attr/PVAddons/MicroVersion')).toBe('0');
    expect(await read('attr/PVAddons/BuildVersion')).toBe('ovmd-0.1.0');
    expect(await read('data/updated')).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    const vifs = await ls('attr/vif');
    expect(vifs).toContain(`${HOME}/attr/vif/0/ipv4/0 = "192.0.2.13"`);
    expect(vifs).toContain(`${HOME}/attr/vif/0/ipv6/0 = "fe80::216:3eff:fe00:d"`);
    expect(vifs).not.toContain('172.17.0.1');
  });

  it('under libxl permissions control/ is the host\'s: feature-balloon is skipped with one warning', async () => {
    expect(await read('control/feature-balloon')).toBeUndefined();
    expect(warnings.filter((w) => /may not write control\/feature-balloon/.test(w))).toHaveLength(1);
  });

  it('an added address is visible to dom0 within a second, a removed one disappears', async () => {
    const added = await seenWithin('attr/vif/0/ipv4/1', '198.51.100.7', () => {
      ifaces = [{ ...ifaces[0]!, ipv4: ['192.0.2.13', '198.51.100.7'] }, ifaces[1]!];
      fire();
    });
    expect(added).toBeLessThan(1000);
    const removed = await seenWithin('attr/vif/0/ipv4/0', undefined, () => {
      ifaces = [{ ...ifaces[0]!, ipv4: ['198.51.100.7'] }, ifaces[1]!];
      fire();
    });
    expect(removed).toBeLessThan(1000);
    expect(await read('attr/vif/0/ipv4/1')).toBe('198.51.100.7'); // kept its slot
  });

  it('makes no request at all when nothing changed (dom0 watches count zero events)', async () => {
    await reporter.idle();
    let events = 0;
    const watches = await Promise.all(['data', 'attr', 'control'].map((d) => host.watch(`${HOME}/${d}`, () => void events++)));
    await new Promise((r) => setTimeout(r, 200));
    const baseline = events; // a watch fires once when it is set
    const before = reporter.publisher.changes;
    fire();
    await new Promise((r) => setTimeout(r, 100));
    await reporter.refresh(true);
    await reporter.refresh();
    await new Promise((r) => setTimeout(r, 200));
    expect(reporter.publisher.changes).toBe(before);
    expect(events).toBe(baseline);
    meminfo = meminfo.replace('1500000', '1400000');
    expect(await reporter.refresh(true)).toBe(1);
    expect(await read('data/meminfo_free')).toBe('1400000');
    expect(events).toBeGreaterThan(baseline);
    expect(await read('data/updated')).toBeDefined();
    await Promise.all(watches.map((w) => w.close()));
  });

  it('a whole vif that goes away is removed', async () => {
    ifaces = [ifaces[1]!];
    fire();
    await expect.poll(() => ls('attr/vif'), { timeout: 20_000 }).not.toContain('vif/0');
  });

  it('a resume (new unique-domain-id, keys gone, control given to the guest as xenopsd does) re-publishes everything at once (watched)', async () => {
    await host.rm(`${HOME}/data/os_distro`);
    await host.rm(`${HOME}/attr/PVAddons`);
    await host.setPerms(`${HOME}/control`, [`n${DOMID}`]);
    await host.write(`${HOME}/unique-domain-id`, 'uuid-two');
    await expect.poll(() => read('data/os_distro'), { timeout: 20_000 }).toBe('oracle');
    expect(await read('attr/PVAddons/Installed')).toBe('1');
    expect(await read('control/feature-balloon')).toBe('1');
  });
});
