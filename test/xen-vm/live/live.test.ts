// The whole template lifecycle in a live systemd guest on real Xen (test/xen-vm/live/, README
// "The live guest"): one QEMU boot in which dom0 boots the guest four times (sealed template's
// first boot with a refused and a corrected batch, reboot, seal and clone, ovmd masked) and checks
// it over the network. Each check printed in the VM is one test here; the figures go to the log.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLive, type LiveResult } from './vm.js';

// ~12 min of VM plus the first build of the guest root (~2 min), plus waiting for another VM.
const RUN_MS = 2_400_000;

/** Every check the dom0 program prints, by its name's start; each must have run and passed. */
const CHECKS = [
  'refused batch: the run result is invalid', 'refused batch: --status names the key', 'refused batch: the console says',
  'refused batch: the guest is not at', 'corrected batch: the guest reports configured', 'first: the guest answers',
  'user: ssh -i key alice', 'network: hostname', 'network: eth0 has', 'network: resolv.conf', 'datetime: the time zone',
  'datetime: chrony.conf', 'firewall: firewall-cmd', 'first boot: disarmed', 'root password: the shadow hash', 'refused batch: the refused runs logged no change',
  'first boot: no password anywhere in xenstore', 'first boot: no password in any file', 'reboot: the domain goes away',
  'reboot: the guest answers', 'reboot: ovm-vmmessage --setup', 'reboot: ovmd reports the address', 'reboot: first boot stays disarmed', 'reboot: nothing was configured again',
  'reboot: the machine ID is kept', 'seal: ovmd -s cleanup', 'poweroff: the domain goes away', 'clone: the second batch', 'clone: the guest answers',
  'clone: ssh -i key bob', 'clone: hostname and time zone', 'clone: new SSH host key', 'clone: new machine ID', 'clone: the shell histories',
  'clone: first boot disarmed again', 'clone: SELinux mode written', 'clone: the old address is gone', 'clone: the root password', 'clone: no password anywhere in xenstore',
  'noovmd: the guest answers', 'baseline: ovmd and the first-boot unit',
];

describe('live systemd guest on real Xen: the template lifecycle, checked from dom0', () => {
  let run: LiveResult | undefined;
  const live = async (): Promise<LiveResult> => (run ??= await runLive());

  it('builds, boots, and dom0\'s program runs to the end', async () => {
    const r = await live();
    console.log(`live guest: build ${r.buildS} s, QEMU ${(r.boot.wallMs / 1000).toFixed(0)} s; ${JSON.stringify(r.measures)}`);
    if (r.boot.failure) throw new Error(`${r.boot.failure} (serial log ${r.boot.serialLog})`);
    expect(r.boot.dom0.rc, `serial log ${r.boot.serialLog}`).toBe(0);
  }, RUN_MS);

  it.each(CHECKS)('"%s…" ran and passed', async (prefix) => {
    const r = await live();
    const found = r.checks.filter((c) => c.name.startsWith(prefix));
    expect(found.length, `no check "${prefix}…" ran (${r.boot.failure ?? `dom0 rc ${r.boot.dom0.rc}`}); serial log ${r.boot.serialLog}`).toBeGreaterThan(0);
    expect(found.filter((c) => !c.ok).map((c) => `${c.name} # ${c.detail}`)).toEqual([]);
  }, RUN_MS);

  it('no password in the serial log (Xen, dom0, and every guest console line of the four boots)', async () => {
    const r = await live();
    const log = readFileSync(r.boot.serialLog, 'latin1');
    expect(log).toMatch(/first-boot configuration/);
    expect(r.passwords.length).toBe(4);
    expect(r.passwords.filter((p) => log.includes(p))).toEqual([]);
  }, RUN_MS);

  it('every check printed is listed above and passed', async () => {
    const r = await live();
    expect(r.checks.filter((c) => !c.ok || !CHECKS.some((p) => c.name.startsWith(p))).map((c) => `${c.ok ? '' : 'NOT OK '}${c.name} # ${c.detail}`)).toEqual([]);
  }, RUN_MS);
});
