// The guest half of bench-xen: xenstore reads per second through /dev/xen/xenbus, the project
// client against the C xenstore-read (one process, one connection, many paths); then it hosts
// the two pickup agents dom0 times (test/xen-vm/dom0/bench.ts): ovmd, then a C-tools agent.
import { execFileSync, spawn } from 'node:child_process';
import { connect } from '../../../ovmd/client/index.js';
import { Ovmd } from './ovmd-process.js';
import { awaitSignal, measure, signal } from './tap.js';

const N = 400;

async function readRates(): Promise<void> {
  const c = await connect({ endpoint: '/dev/xen/xenbus' });
  let t0 = performance.now();
  for (let i = 0; i < N; i++) await c.readString('domid');
  measure('reads_per_s.client_sequential', Math.round(N / ((performance.now() - t0) / 1000)));
  t0 = performance.now();
  await Promise.all(Array.from({ length: N }, () => c.readString('domid')));
  measure('reads_per_s.client_pipelined', Math.round(N / ((performance.now() - t0) / 1000)));
  await c.close();
  t0 = performance.now();
  execFileSync('xenstore-read', Array.from({ length: N }, () => 'domid'));
  measure('reads_per_s.c_xenstore_read', Math.round(N / ((performance.now() - t0) / 1000)));
}

/** A shell agent built from the C tools: a persistent watch, then read and remove each message. */
const C_AGENT = `D=control/oracle-vmapi/to-guest
xenstore-watch $D/last-write | while read -r _; do
  for n in $(xenstore-list $D); do [ "$n" = last-write ] && continue
    k=$(xenstore-read $D/$n) && v=$(xenstore-read $D/$n/0) && echo "$k=$v" >> /tmp/c-agent.store && xenstore-rm $D/$n
  done
done`;

/** Why: one boot gives both figures, and both agents in turn for dom0 to time. */
export async function benchGuest(home: string): Promise<void> {
  await readRates();
  execFileSync('cp', ['-a', '/guest/root', '/tmp/root-c']);
  const ovmd = new Ovmd('/tmp/root-c', '/dev/xen/xenbus');
  await ovmd.waitFor(/connected to xenstore/);
  signal(home, 'bench-ovmd');
  await awaitSignal(home, 'bench-ovmd-done', 240_000);
  await ovmd.stop('SIGTERM');
  const agent = spawn('sh', ['-c', C_AGENT], { stdio: 'ignore', detached: true });
  await new Promise((r) => setTimeout(r, 1000));
  signal(home, 'bench-c');
  await awaitSignal(home, 'bench-c-done', 240_000);
  process.kill(-agent.pid!, 'SIGKILL');
}
