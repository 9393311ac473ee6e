// `make bench-xen` (a script of its own, not a *.bench.ts file: `make bench` imports those,
// and importing this one would boot a VM): one boot of the real-Xen VM (test/xen-vm) measuring, inside it, pickup
// latency from a dom0 write to the guest having taken the message (ovmd vs an agent built
// from the C xenstore tools) and xenstore reads per second from the guest (the project client
// vs the C xenstore-read). TCG emulation makes absolute figures slow: the ratios are the result.
import { runScenario } from '../../test/xen-vm/scenario.js';

function num(m: Record<string, string>, key: string): number {
  const v = Number(m[key]);
  if (!Number.isFinite(v)) throw new Error(`bench-xen: no figure ${key} came back`);
  return v;
}

async function main(): Promise<number> {
  const r = await runScenario({ xenstored: 'xenstored', guest: ['bench'], dom0: ['bench'] });
  const failed = r.checks.filter((c) => !c.ok);
  if (r.boot.failure || failed.length) {
    console.error(`bench-xen: ${r.boot.failure ?? failed.map((c) => `${c.name} ${c.detail}`).join('\n')} (serial log ${r.boot.serialLog})`);
    return 1;
  }
  const m = r.measures;
  const p = (who: string, q: string) => num(m, `pickup_ms.${who}.${q}`);
  const rate = (k: string) => num(m, `reads_per_s.${k}`);
  const result = {
    bench: 'xen-vm', boot_wall_s: +(r.boot.wallMs / 1000).toFixed(1),
    pickup_ms: { ovmd: { p50: p('ovmd', 'p50'), p99: p('ovmd', 'p99') }, c_tools_agent: { p50: p('c_tools_agent', 'p50'), p99: p('c_tools_agent', 'p99') } },
    pickup_ratio_c_over_ovmd: { p50: +(p('c_tools_agent', 'p50') / p('ovmd', 'p50')).toFixed(2), p99: +(p('c_tools_agent', 'p99') / p('ovmd', 'p99')).toFixed(2) },
    reads_per_s: { client_sequential: rate('client_sequential'), client_pipelined: rate('client_pipelined'), c_xenstore_read: rate('c_xenstore_read') },
    reads_ratio_client_over_c: { sequential: +(rate('client_sequential') / rate('c_xenstore_read')).toFixed(2), pipelined: +(rate('client_pipelined') / rate('c_xenstore_read')).toFixed(2) },
  };
  console.log(`pickup p50/p99 ms: ovmd ${result.pickup_ms.ovmd.p50}/${result.pickup_ms.ovmd.p99}, C-tools agent ${result.pickup_ms.c_tools_agent.p50}/${result.pickup_ms.c_tools_agent.p99}`);
  console.log(`reads/s: client ${result.reads_per_s.client_sequential} sequential, ${result.reads_per_s.client_pipelined} pipelined; C xenstore-read ${result.reads_per_s.c_xenstore_read}`);
  console.log(JSON.stringify(result));
  return 0;
}

void main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
