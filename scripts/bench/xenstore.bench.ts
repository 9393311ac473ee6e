// Xenstore client speed, each figure measured side by side with its peer in one run against the
// same private C xenstored: sequential and pipelined reads vs pyxs, and listing a 10,000-node
// tree vs libxenstore's `xenstore-ls`. One extra line checks where the pipelined ceiling lies:
// our client against a bare socket loop that only frames requests and counts replies.
// Every figure is the median of ROUNDS interleaved runs after a warm-up, so one busy moment on a
// shared machine does not decide it.
import { execFile } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { promisify } from 'node:util';
import { connect, type XenstoreClient } from '../../ovmd/client/index.js';
import { encodeMessage, nulStrings, Op } from '../../ovmd/protocol/index.js';
import { startXenstored, SYSTEM_PYTHON } from '../../test/xenstored/testbed.js';
import type { BenchResult } from './run.js';

const run = promisify(execFile);
const SEQ_READS = 5000;
const PIPE_READS = 20000;
const WINDOW = 64;
const ROUNDS = 5;
const KEY = '/bench/k';

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

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * Runs every measurement once per round, interleaved, so a busy moment on a shared machine
 * hits ours and the peer alike instead of deciding one figure; returns the median of each.
 */
async function interleaved(fns: Record<string, () => Promise<number>>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(fns)) (samples[name] ??= []).push(await fn());
  }
  return Object.fromEntries(Object.entries(samples).map(([name, v]) => [name, median(v)]));
}

async function sequential(c: XenstoreClient): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < SEQ_READS; i++) await c.read(KEY);
  return SEQ_READS / ((performance.now() - t) / 1000);
}

/** Keeps WINDOW reads outstanding until PIPE_READS have completed. */
async function pipelined(c: XenstoreClient): Promise<number> {
  let issued = 0;
  const t = performance.now();
  const lane = async () => {
    while (issued < PIPE_READS) {
      issued++;
      await c.read(KEY);
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
  return PIPE_READS / ((performance.now() - t) / 1000);
}

/**
 * The server's ceiling: a bare socket that keeps WINDOW READs outstanding, refilling from the
 * data callback with no client library at all (no promises, no path checks, no correlation).
 */
async function bareSocket(socket: string): Promise<number> {
  const request = encodeMessage({ type: Op.READ, reqId: 0, txId: 0, payload: nulStrings(KEY) });
  const s = netConnect({ path: socket });
  await new Promise((resolve, reject) => s.once('connect', resolve).once('error', reject));
  let sent = 0;
  let done = 0;
  let pending: Buffer = Buffer.alloc(0);
  const refill = () => {
    const n = Math.min(WINDOW - (sent - done), PIPE_READS - sent);
    if (n > 0) s.write(Buffer.concat(Array.from({ length: n }, () => request)));
    sent += Math.max(n, 0);
  };
  const t = performance.now();
  await new Promise<void>((resolve) => {
    s.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      while (pending.length - at >= 16 && pending.length - at >= 16 + pending.readUInt32LE(at + 12)) {
        at += 16 + pending.readUInt32LE(at + 12);
        done++;
      }
      pending = pending.subarray(at);
      if (done === PIPE_READS) resolve();
      else refill();
    });
    refill();
  });
  s.destroy();
  return PIPE_READS / ((performance.now() - t) / 1000);
}

async function pyxsSequential(env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout } = await run(SYSTEM_PYTHON, ['-c', PYXS_SEQ, String(SEQ_READS)], { env });
  return Number(stdout.trim());
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

async function treeListing(c: XenstoreClient): Promise<number> {
  return timeMs(async () => {
    const found = (await c.listTree('/tree')).length;
    if (found < 10_000) throw new Error(`tree listing found only ${found} nodes`);
  });
}

export default async function bench(): Promise<BenchResult[]> {
  const xs = await startXenstored({ flavour: 'c' });
  const env = { ...process.env, ...xs.env };
  const c = await connect({ env: xs.env });
  try {
    await c.write(KEY, 'a value of moderate length');
    await sequential(c); // warm-up of both paths, so the JIT is not what is measured
    await pipelined(c);
    const reads = await interleaved({
      seq: () => sequential(c),
      pyxs: () => pyxsSequential(env),
      pipe: () => pipelined(c),
      bare: () => bareSocket(xs.socket),
    });
    const { seq, pyxs, pipe, bare } = reads as Record<'seq' | 'pyxs' | 'pipe' | 'bare', number>;
    await populateTree(c);
    const tree = await interleaved({
      ours: () => treeListing(c),
      peer: () => timeMs(() => run('xenstore-ls', ['/tree'], { env, maxBuffer: 64 << 20 })),
    });
    const { ours, peer } = tree as Record<'ours' | 'peer', number>;
    return [
      { bench: 'xenstore.read.sequential', unit: 'reads/s', ours: Math.round(seq), peer: 'pyxs sequential reads', peer_value: Math.round(pyxs) },
      { bench: 'xenstore.read.pipelined', unit: 'reads/s', ours: Math.round(pipe), peer: 'pyxs sequential reads', peer_value: Math.round(pyxs) },
      { bench: 'xenstore.read.pipelined.ceiling', unit: 'reads/s', ours: Math.round(pipe), peer: 'bare socket loop, 64 outstanding', peer_value: Math.round(bare) },
      { bench: 'xenstore.tree.list', unit: 'ms', ours: Math.round(ours), peer: 'xenstore-ls', peer_value: Math.round(peer) },
    ];
  } finally {
    await c.close();
    await xs.stop();
  }
}
