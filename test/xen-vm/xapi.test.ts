// XAPI's way on real Xen (plain xl in dom0; C xenstored, then oxenstored): `xl create -p`, the
// first-boot batch written as vm-data keys by `ovm-vmmessage --vm-data`, `xl unpause`; the PV
// guest with a real vif (xen-netfront/xen-netback) configures itself, removes the secret's node,
// and publishes its addresses under attr/vif/<vif-id> for dom0, a new address within a second
// (iproute2's netlink monitor in the guest). One boot per xenstored, one after the other under
// the machine-wide VM lock (lock.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { install, realGuestRoot, type Install } from '../e2e/ovmd-harness.js';
import { cleanupRoots } from '../helpers/roots.js';
import { runXenVm, type BootResult } from './vm.js';

const HERE = join(dirname(fileURLToPath(import.meta.url)), 'xapi');
const BOOT_MS = 1_080_000;

/** The `@@X`/`@@G` lines a side printed, without the marker. */
function lines(out: string, mark: string): string[] {
  return out.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.includes(`${mark} `)).map((l) => l.slice(l.indexOf(`${mark} `) + mark.length + 1));
}

interface Run {
  boot: BootResult;
  secret: string;
}

/** Why: one boot with a fresh secret; the guest configures itself from vm-data on that xenstored. */
async function bootWith(xenstored: 'xenstored' | 'oxenstored'): Promise<Run> {
  const inst: Install = install();
  const secrets = mkdtempSync(join(tmpdir(), 'xen-vm-xapi-'));
  try {
    const secret = `Root-${randomBytes(8).toString('hex')}`;
    writeFileSync(join(secrets, 'secret'), `${secret}\n`);
    writeFileSync(join(secrets, 'batch.txt'), `com.oracle.linux.network.hostname=xapi-vm.example.com\ncom.oracle.linux.root-password=${secret}\n`);
    const boot = await runXenVm({
      xenstored, guestRoot: realGuestRoot(inst),
      guestFiles: { 'guest.sh': join(HERE, 'guest.sh'), secret: join(secrets, 'secret') },
      dom0Files: { 'dom0.sh': join(HERE, 'dom0.sh'), 'vif-up': join(HERE, 'vif-up'), 'batch.txt': join(secrets, 'batch.txt') },
      guestPrograms: {}, dom0Programs: {},
      guestCmd: 'sh /harness/guest.sh', dom0Cmd: 'sh /harness/dom0.sh',
      // ~80 s of work alone; the limit only bounds a run that went wrong.
      guestTimeoutS: 480,
    });
    return { boot, secret };
  } finally {
    inst.remove();
    cleanupRoots();
    rmSync(secrets, { recursive: true, force: true });
  }
}

describe.each(['xenstored', 'oxenstored'] as const)('real Xen, plain xl, %s: vm-data in, XAPI layout out', (xenstored) => {
  let boot: BootResult;
  let secret: string;
  beforeAll(async () => {
    ({ boot, secret } = await bootWith(xenstored));
  }, BOOT_MS);

  it('boots; the paused domain gets the batch as guest-owned vm-data keys', () => {
    if (boot.failure) throw new Error(`${boot.failure} (serial log ${boot.serialLog})`);
    const x = lines(boot.dom0.out, '@@X');
    expect(x).toContain('vmmessage-rc=0');
    expect(x.join('\n')).toMatch(/vm-data-before: .*hostname = "xapi-vm\.example\.com"[ .]*\(n\d+\)/);
  });

  it('the guest configures itself from vm-data and removes the secret\'s node; the secret is nowhere', () => {
    const g = lines(boot.guest.out, '@@G');
    expect(g).toContain('hostname=xapi-vm.example.com');
    expect(g.join('\n')).toMatch(/ovmd: .*target configure: configured/);
    const x = lines(boot.dom0.out, '@@X').join('\n');
    expect(x).toMatch(/ls: \/local\/domain\/\d+\/vm-data\/com\/oracle\/linux\/network\/hostname = "xapi-vm\.example\.com"/);
    expect(x).not.toMatch(/ls: .*root-password/);
    expect(g).toContain('secrets-under-var=0');
    expect(`${boot.guest.out}\n${boot.dom0.out}`).not.toContain(secret);
  });

  it('dom0 reads the guest\'s real vif addresses and the other XAPI keys', () => {
    const g = lines(boot.guest.out, '@@G');
    expect(g).toContain('nodename=device/vif/0');
    const x = lines(boot.dom0.out, '@@X').join('\n');
    expect(x).toContain('second-address-seen-by-dom0=yes');
    expect(x).toMatch(/attr\/vif\/0\/ipv4\/0 = "192\.0\.2\.20"/);
    expect(x).toMatch(/attr\/vif\/0\/ipv4\/1 = "198\.51\.100\.20"/);
    expect(x).toMatch(/attr\/vif\/0\/ipv6\/0 = "fe80::/);
    expect(x).toMatch(/attr\/PVAddons\/Installed = "1"/);
    expect(x).toMatch(/data\/os_distro = "oracle"/);
    expect(x).toMatch(/data\/meminfo_total = "\d+"/);
    expect(x).toMatch(/data\/updated = "/);
  });

  it('a new address reaches the guest\'s xenstore within a second (netlink, not the 30 s period)', () => {
    const line = lines(boot.guest.out, '@@G').find((l) => l.startsWith('second-address'));
    const m = /t0=([\d.]+) t1=([\d.]+)/.exec(line ?? '');
    expect(m, line).not.toBeNull();
    const ms = (Number(m![2]) - Number(m![1])) * 1000;
    process.stderr.write(`xen-vm xapi (${xenstored}): address add -> attr/vif key in xenstore: ${ms.toFixed(0)} ms (uptime resolution 10 ms, TCG)\n`);
    expect(ms).toBeLessThan(1000);
  });
});
