// By hand: the live-guest lifecycle in one QEMU run (about 8 minutes), printing each check and
// figure; --stream shows the serial console (Xen, dom0, "domU| " guest console) as it comes.
//   node_modules/.bin/tsx test/xen-vm/live/cli.ts [--stream] [--work DIR]
import { parseArgs } from 'node:util';
import { runLive } from './vm.js';

const { values: v } = parseArgs({ options: { stream: { type: 'boolean' }, work: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (v.help) {
  console.log('usage: tsx test/xen-vm/live/cli.ts [--stream] [--work DIR]   (see test/xen-vm/README.md, "The live guest")');
  process.exit(0);
}
const r = await runLive({ work: v.work, onLine: v.stream ? (l) => console.log(l) : undefined });
for (const c of r.checks) console.log(`${c.ok ? 'ok' : 'NOT OK'} ${c.name}${c.detail ? ` # ${c.detail}` : ''}`);
console.log(JSON.stringify({ buildS: r.buildS, wallS: r.boot.wallMs / 1000, installed: r.installed, ...r.measures }));
console.log(`serial log: ${r.boot.serialLog}${r.boot.failure ? ` (${r.boot.failure})` : ''}`);
process.exit(r.boot.failure ? 2 : r.checks.length > 0 && r.checks.every((c) => c.ok) ? 0 : 1);
