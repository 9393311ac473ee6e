// dom0's half of bench-xen: pickup latency, from a dom0 write of one message in the Oracle
// layout (one transaction, as xenstore-write of the nodes would do it, through the dom0 socket)
// to the guest having taken it (the node removed, seen by a dom0 watch), for ovmd and then for
// the C-tools agent, in the same VM.
import { connect, type XenstoreClient } from '../../../ovmd/client/index.js';
import { sendMessage } from '../../../ovmd/vmapi/channel.js';
import { awaitSignal, measure, percentile, signal } from '../guest/tap.js';

const ROUNDS = 40;

async function pickupOnce(xs: XenstoreClient, dir: string, i: number): Promise<number> {
  let gone: () => void = () => {};
  const removed = new Promise<void>((r) => (gone = r));
  let node = -1;
  const w = await xs.watch(dir, async () => {
    if (node >= 0 && (await xs.tryRead(`${dir}/${node}`)) === undefined) gone();
  });
  const t0 = performance.now();
  node = await sendMessage(xs, dir, { key: `com.example.bench${i}`, value: `v${i}` });
  if ((await xs.tryRead(`${dir}/${node}`)) === undefined) gone();
  await Promise.race([removed, new Promise((r) => setTimeout(r, 10_000))]);
  const ms = performance.now() - t0;
  await w.close();
  return ms;
}

async function series(xs: XenstoreClient, dir: string, label: string): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) ms.push(await pickupOnce(xs, dir, i));
  measure(`pickup_ms.${label}.p50`, percentile(ms, 50).toFixed(1));
  measure(`pickup_ms.${label}.p99`, percentile(ms, 99).toFixed(1));
}

/** Why: times both agents the guest hosts in turn. */
export async function benchDom0(domid: string): Promise<void> {
  const home = `/local/domain/${domid}`;
  const dir = `${home}/control/oracle-vmapi/to-guest`;
  const xs = await connect({ endpoint: '/var/run/xenstored/socket' });
  await awaitSignal(home, 'bench-ovmd', 120_000);
  await series(xs, dir, 'ovmd');
  signal(home, 'bench-ovmd-done');
  await awaitSignal(home, 'bench-c', 60_000);
  await series(xs, dir, 'c_tools_agent');
  signal(home, 'bench-c-done');
  await xs.close();
}
