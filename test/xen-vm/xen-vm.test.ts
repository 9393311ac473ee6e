// ovmd and the xenstore stack on real Xen: QEMU (TCG) boots Debian's Xen 4.17, a dom0 and a PV
// domU, once with the C xenstored and once with oxenstored (one after the other, in this one
// file, so two VMs never share the two cores). Each boot runs many checks inside the VM; every
// group of them is one test here. Boot details and timings: test/xen-vm/README.md.
import { describe, expect, it } from 'vitest';
import type { CheckLine } from './tap.js';
import { runScenario, type ScenarioResult } from './scenario.js';

// A boot takes ~5 min alone on 2 cores (make test runs the VMs after the rest); the rest covers a slower machine and waiting
// for another VM (test/xen-vm/lock.ts).
const BOOT_MS = 1_500_000;

/** Groups of checks, by the name's prefix; each group must have run and passed. */
const GROUPS: Record<'xenstored' | 'oxenstored', string[]> = {
  xenstored: [
    'xenstored device:', 'xenstored quota:', 'xenstored permissions:', 'xenstored watch:',
    'xenstored.procfs device:', 'xenstored.procfs quota:', 'xenstored.procfs permissions:', 'xenstored.procfs watch:', 'close:', 'device flow', 'chunking:',
    'lifecycle:', 'pause:', 'save/restore:', 'procfs flow', 'dom0:', 'permissions: dom0',
  ],
  oxenstored: [
    'oxenstored device:', 'oxenstored quota:', 'oxenstored permissions:', 'oxenstored watch:', 'device flow', 'chunking:',
    'lifecycle:', 'pause:', 'save/restore:', 'procfs flow', 'dom0:', 'permissions: dom0',
  ],
};

function describeBoot(flavour: 'xenstored' | 'oxenstored', guest: string[]): void {
  describe(`real Xen 4.17, ${flavour} in dom0`, () => {
    let run: ScenarioResult | undefined;
    const dom0 = guest.filter((s) => s.startsWith('ovmd'));
    const boot = async (): Promise<ScenarioResult> => (run ??= await runScenario({ xenstored: flavour, guest, dom0 }));
    const show = (lines: CheckLine[]) => lines.map((c) => `${c.ok ? 'ok' : 'NOT OK'} [${c.side}] ${c.name} ${c.detail}`).join('\n');

    it('boots, and both sides finish with exit status 0', async () => {
      const r = await boot();
      const why = `${r.boot.failure ?? ''} guest rc ${r.boot.guest.rc}, dom0 rc ${r.boot.dom0.rc}; serial log ${r.boot.serialLog}`;
      if (r.boot.failure) throw new Error(why);
      expect([r.boot.guest.rc, r.boot.dom0.rc], `${why}\n${show(r.checks.filter((c) => !c.ok))}`).toEqual([0, 0]);
    }, BOOT_MS);

    it.each(GROUPS[flavour])('checks "%s" ran and passed', async (prefix) => {
      const r = await boot();
      const group = r.checks.filter((c) => c.name.startsWith(prefix));
      expect(group.length, `no check named "${prefix}..." ran; serial log ${r.boot.serialLog}`).toBeGreaterThan(0);
      expect(group.filter((c) => !c.ok), show(group)).toEqual([]);
    }, BOOT_MS);

    it('every check belongs to a group above, and none failed', async () => {
      const r = await boot();
      expect(r.checks.filter((c) => !c.ok || !GROUPS[flavour].some((p) => c.name.startsWith(p))), show(r.checks)).toEqual([]);
    }, BOOT_MS);
  });
}

describeBoot('xenstored', ['device', 'procfs', 'close', 'ovmd']);
describeBoot('oxenstored', ['device', 'ovmd']);
