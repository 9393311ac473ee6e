// Benchmark of the XAPI report's address path: from the moment an address is added to (or
// removed from) an interface until dom0 sees attr/vif/<id>/ipv4/<n> change, p50 and p99 over
// 200 changes. Everything real but the sysfs vif id: the kernel's netlink through `ip -o monitor
// address`, os.networkInterfaces(), the guest ring bridge, the C xenstored, a dom0 watch. The
// guest side runs in a private network namespace (unshare -n) on a veth pair, so the machine's
// own interfaces are never touched; a scratch sysfs root says the veth end is vif 0.
// Peer: xe-guest-utilities publishes addresses every 60 s (xe-daemon -i default), so a change
// waits 30,000 ms on average and up to 60,000 ms.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../../ovmd/client/index.js';
import type { Log } from '../../ovmd/daemon/log.js';
import { ipMonitor } from '../../ovmd/daemon/report-xapi/address-monitor.js';
import { systemInputs } from '../../ovmd/daemon/report-xapi/guest-inputs.js';
import { XapiReporter } from '../../ovmd/daemon/report-xapi/xapi-reporter.js';
import { startGuest, startXenstored } from '../../test/xenstored/testbed.js';
import type { BenchResult } from './run.js';

const CHANGES = 200;
const DOMID = 8;
const PEER_PERIOD_MS = 60_000;
const CHILD = 'OVM_XAPI_BENCH_CHILD';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The guest side, inside the network namespace: reporter, veth, the timed changes. */
async function child(spec: { guest: string; dom0: string }): Promise<void> {
  execFileSync('ip', ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  execFileSync('ip', ['link', 'set', 'v1', 'up']); // libuv lists only running interfaces: v0 needs its peer up for a carrier
  execFileSync('ip', ['link', 'set', 'v0', 'up']);
  const sys = mkdtempSync(join(tmpdir(), 'ovm-xapi-bench-sys-'));
  mkdirSync(join(sys, 'sys/class/net/v0/device'), { recursive: true });
  writeFileSync(join(sys, 'sys/class/net/v0/device/nodename'), 'device/vif/0\n');
  const log: Log = { info: () => undefined, warn: (m) => void process.stderr.write(`${m}\n`), error: () => undefined, close: () => undefined };
  const guest = await connect({ endpoint: spec.guest });
  const dom0 = await connect({ endpoint: spec.dom0 });
  const reporter = new XapiReporter({ inputs: systemInputs({ sysRoot: sys }), events: ipMonitor(log), connection: () => guest, log, version: '0.1.0', memoryPeriodMs: 3_600_000 });
  await reporter.connected(guest);
  reporter.setActive(true);
  await reporter.idle();
  await new Promise((r) => setTimeout(r, 300)); // the monitor is up
  const node = `/local/domain/${DOMID}/attr/vif/0/ipv4/0`;
  let want: { value: string | undefined; done: () => void } | undefined;
  await dom0.watch(`/local/domain/${DOMID}/attr/vif`, () => {
    const w = want;
    if (!w) return;
    void dom0.read(node).then((b) => b.toString(), () => undefined).then((v) => v === w.value && (want = undefined, w.done()));
  });
  const times: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const add = i % 2 === 0;
    const address = '192.0.2.80';
    const seen = new Promise<void>((done) => (want = { value: add ? address : undefined, done }));
    execFileSync('ip', ['addr', add ? 'add' : 'del', `${address}/24`, 'dev', 'v0']);
    const t0 = performance.now(); // the kernel has the change once `ip` returns
    await seen;
    times.push(performance.now() - t0);
  }
  reporter.stop();
  await reporter.idle();
  await guest.close();
  await dom0.close();
  rmSync(sys, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(times)}\n`);
  process.exit(0);
}

if (process.env[CHILD]) await child(JSON.parse(process.env[CHILD]) as { guest: string; dom0: string });

export default async function bench(): Promise<BenchResult[]> {
  const xsd = await startXenstored();
  try {
    const guest = await startGuest(xsd, DOMID);
    const tsx = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin/tsx');
    const out = await new Promise<string>((resolve, reject) => {
      const c = spawn('unshare', ['-n', tsx, fileURLToPath(import.meta.url)], {
        env: { ...process.env, [CHILD]: JSON.stringify({ guest: guest.socket, dom0: xsd.socket }) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      c.stdout.on('data', (b: Buffer) => (text += b.toString()));
      c.on('error', reject);
      c.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`xapi bench child exited ${code}`))));
    });
    const times = (JSON.parse(out.trim().split('\n').at(-1)!) as number[]).sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    process.stderr.write(`xapi-report: address change -> attr/vif key seen by dom0, ${times.length} changes: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms; xe-guest-utilities polls every ${PEER_PERIOD_MS / 1000} s (mean wait ${PEER_PERIOD_MS / 2} ms)\n`);
    return [
      { bench: 'xapi address change to dom0, p50', unit: 'ms', ours: Number(p50.toFixed(1)), peer: 'xe-guest-utilities (60 s poll, mean wait)', peer_value: PEER_PERIOD_MS / 2 },
      { bench: 'xapi address change to dom0, p99', unit: 'ms', ours: Number(p99.toFixed(1)), peer: 'xe-guest-utilities (60 s poll, worst case)', peer_value: PEER_PERIOD_MS },
    ];
  } finally {
    await xsd.stop();
  }
}

// Run alone: npx tsx scripts/bench/xapi-report.bench.ts
if (!process.env[CHILD] && process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await bench()) console.log(JSON.stringify(r));
}
