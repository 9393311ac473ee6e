// Xenstore client speed, each figure measured side by side with its peer in one run against the
// same private C xenstored: sequential and pipelined reads vs pyxs, and listing a 10,000-node
// tree vs libxenstore's `xenstore-ls`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect, type XenstoreClient } from '../../ovmd/client/index.js';
import { startXenstored, SYSTEM_PYTHON } from '../../test/xenstored/testbed.js';
import type { BenchResult } from './run.js';

const run = promisify(execFile);
const SEQ_READS = 5000;
const PIPE_READS = 20000;
const WINDOW = 64;

/** pyxs doing `n` sequential reads; prints reads per second measured inside Python. */
const PYXS_SEQ = `
import sys, time
from pyxs import Client
n = int(sys.argv[1])
with Client() as c:
    c.read(b"/bench/k")
    t = time.perf_counter()
    for _ in range(n):
        c.read(b"/bench/k")
    print(n / (time.perf_counter() - t))
`;

async function sequential(c: XenstoreClient): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < SEQ_READS; i++) await c.read('/bench/k');
  return SEQ_READS / ((performance.now() - t) / 1000);
}

/** Keeps WINDOW reads outstanding until PIPE_READS have completed. */
async function pipelined(c: XenstoreClient): Promise<number> {
  let issued = 0;
  const t = performance.now();
  const lane = async () => {
    while (issued < PIPE_READS) {
      issued++;
      await c.read('/bench/k');
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
  return PIPE_READS / ((performance.now() - t) / 1000);
}

async function populateTree(c: XenstoreClient): Promise<void> {
  const writes: Promise<void>[] = [];
  for (let a = 0; a < 100; a++) for (let b = 0; b < 99; b++) writes.push(c.write(`/tree/a${a}/b${b}`, `v${a}.${b}`));
  await Promise.all(writes); // 100 directories + 9,900 leaves + /tree = 10,001 nodes
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export default async function bench(): Promise<BenchResult[]> {
  const xs = await startXenstored({ flavour: 'c' });
  const env = { ...process.env, ...xs.env };
  try {
    const c = await connect({ env: xs.env });
    await c.write('/bench/k', 'a value of moderate length');
    await sequential(c); // warm-up
    const seq = await sequential(c);
    const { stdout } = await run(SYSTEM_PYTHON, ['-c', PYXS_SEQ, String(SEQ_READS)], { env });
    const pyxs = Number(stdout.trim());
    const pipe = await pipelined(c);
    await populateTree(c);
    let found = 0;
    const ours = await timeMs(async () => (found = (await c.listTree('/tree')).length));
    if (found < 10_000) throw new Error(`tree listing found only ${found} nodes`);
    const peer = await timeMs(() => run('xenstore-ls', ['/tree'], { env, maxBuffer: 64 << 20 }));
    await c.close();
    return [
      { bench: 'xenstore.read.sequential', unit: 'reads/s', ours: Math.round(seq), peer: 'pyxs sequential reads', peer_value: Math.round(pyxs) },
      { bench: 'xenstore.read.pipelined', unit: 'reads/s', ours: Math.round(pipe), peer: 'pyxs sequential reads', peer_value: Math.round(pyxs) },
      { bench: 'xenstore.tree.list', unit: 'ms', ours: Math.round(ours), peer: 'xenstore-ls', peer_value: Math.round(peer) },
    ];
  } finally {
    await xs.stop();
  }
}
