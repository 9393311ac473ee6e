// By hand: boot the real-Xen VM once and run a guest command and a dom0 command in it.
//   node_modules/.bin/tsx test/xen-vm/cli.ts --help
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runScenario } from './scenario.js';
import { runXenVm } from './vm.js';

const HELP = `usage: tsx test/xen-vm/cli.ts [options]

Boots QEMU (TCG) + Debian's Xen 4.17 + a dom0 + an unprivileged PV domU (~20-25 s), runs one
command in each, prints their outputs, exits 0 when both exited 0 (1: a command failed, 2: the
boot failed). The domU has node, the built bundles in /opt/ovm (PATH), the C xenstore tools,
and /dev/xen/xenbus + /proc/xen/xenbus; dom0 has xl, xenstored/oxenstored, the xenstore tools,
node and /opt/ovm, and DOMID set for its command.

  --guest-cmd CMD        shell command in the domU (cwd /harness)        [xenstore-read name]
  --dom0-cmd CMD         shell command in dom0, next to the guest       [xl list]
  --guest-file SRC[:DST] add a file to the domU (DST default /harness/<name>); repeatable
  --dom0-file SRC[:DST]  the same for dom0
  --xenstored NAME       xenstored (C, default) or oxenstored
  --domu-type pv|pvh     [pv]
  --scenario SECTIONS    instead of the commands: the test scenario's guest sections
                         (device,procfs,close,ovmd,bench; dom0 runs ovmd or bench to match)
  --stream               print the serial console (Xen, dom0, domU| guest) as it comes
  --work DIR             scratch directory [.work/xen-vm/runs/run-PID]
  -h, --help

Packages and base images are cached in .work/xen-vm/cache (see test/xen-vm/README.md).`;

function files(specs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs ?? []) {
    const [src, dst] = spec.split(':');
    out[dst ?? src!.split('/').pop()!] = resolve(src!);
  }
  return out;
}

async function main(): Promise<number> {
  const { values: v } = parseArgs({
    options: {
      'guest-cmd': { type: 'string' }, 'dom0-cmd': { type: 'string' }, 'guest-file': { type: 'string', multiple: true },
      'dom0-file': { type: 'string', multiple: true }, xenstored: { type: 'string' }, 'domu-type': { type: 'string' },
      scenario: { type: 'string' }, stream: { type: 'boolean' }, work: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return (console.log(HELP), 0);
  const flavour = v.xenstored === 'oxenstored' ? 'oxenstored' : 'xenstored';
  const onLine = v.stream ? (l: string) => console.log(l) : undefined;
  if (v.scenario) {
    const guest = v.scenario.split(',');
    const r = await runScenario({ xenstored: flavour, guest, dom0: guest.filter((s) => s.startsWith('ovmd') || s === 'bench'), onLine, work: v.work });
    for (const c of r.checks) console.log(`${c.ok ? 'ok' : 'not ok'} [${c.side}] ${c.name}${c.detail && !c.ok ? ` # ${c.detail}` : ''}`);
    console.log(JSON.stringify(r.measures));
    return r.boot.failure ? 2 : r.checks.every((c) => c.ok) ? 0 : 1;
  }
  const r = await runXenVm({
    guestCmd: v['guest-cmd'] ?? 'xenstore-read name', dom0Cmd: v['dom0-cmd'] ?? 'xl list', guestFiles: files(v['guest-file']),
    dom0Files: files(v['dom0-file']), xenstored: flavour, domuType: v['domu-type'] === 'pvh' ? 'pvh' : 'pv', work: v.work, onLine,
  });
  console.log(`--- guest (exit ${r.guest.rc})\n${r.guest.out}\n--- dom0 (exit ${r.dom0.rc})\n${r.dom0.out}`);
  console.log(`--- build ${(r.buildMs / 1000).toFixed(1)} s, boot to exit ${(r.wallMs / 1000).toFixed(1)} s, serial log ${r.serialLog}`);
  if (r.failure) return (console.error(r.failure), 2);
  return r.guest.rc === 0 && r.dom0.rc === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(2);
});
