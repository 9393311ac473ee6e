// Benchmarks of the module engine:
//  - the runner's own overhead per module: a run of 8 trivial modules (enumeration excluded)
//    minus the time the same 8 module processes take when spawned directly, divided by 8;
//    goal: under 10 ms per module;
//  - wall time of the built `ovm-template-config --enumerate configure` over the 8 built-in
//    modules as `make build` bundles them (dist/modules), and over 8 Python modules on
//    templateconfig; the peer of each is the same 8 `<module> configure --enumerate` processes
//    started directly one after another (what the runner costs on top of the modules);
//  - the demo batch from the root password to configured (ovmd's engine call: enumerate, plan,
//    apply) on a fresh el9 root with the eight built-in bundles, plan-then-apply beside the way
//    before it (planFirst: false: validate, then apply), alternating, median of 5 each;
//    goal: within 25 % of the way before.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.js';
import { runTarget } from '../../template.d/runner/run-target.js';
import { enumerateTarget } from '../../template.d/runner/enumerate.js';
import { demoBatch, freshPublicKey } from '../../test/e2e/demo-batch.js';
import { install, realGuestRoot } from '../../test/e2e/ovmd-harness.js';
import { cleanupRoots } from '../../test/helpers/roots.js';

const TOP = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COUNT = 8;
const ROUNDS = 5;

const SHELL_MODULE = (n: number) => `#!/bin/sh\n# name: m${n}\n# configure: ${10 + n}\ncase "$2" in -e|--enumerate) echo '[]'; exit 0;; esac\ncat\n`;
const PYTHON_MODULE = (n: number) =>
  `#!/usr/bin/python3\n# name: m${n}\n# configure: ${10 + n}\nimport json\nfrom templateconfig.cli import main\n` +
  `def do_enumerate(target):\n    return json.dumps([{'key': 'com.example.m${n}.value', 'description': 'A value'}])\n` +
  `def do_configure(param):\n    return param\nmain(do_enumerate, {'configure': do_configure})\n`;

function makeFarm(body: (n: number) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'ovm-bench-'));
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  mkdirSync(join(root, 'etc/template.d/configure.d'));
  for (let n = 0; n < COUNT; n++) {
    const script = join(root, 'etc/template.d/scripts', `m${n}`);
    writeFileSync(script, body(n));
    chmodSync(script, 0o755);
    spawnSync('ln', ['-s', `../scripts/m${n}`, join(root, 'etc/template.d/configure.d', `${10 + n}m${n}`)]);
  }
  return root;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The modules' own time: the same processes, spawned one after another with the same input. */
async function directRun(root: string, input: string): Promise<number> {
  const started = performance.now();
  for (let n = 0; n < COUNT; n++) {
    await new Promise<void>((done) => {
      const child = spawn(join(root, 'etc/template.d/configure.d', `${10 + n}m${n}`), ['configure'], { stdio: ['pipe', 'pipe', 'ignore'] });
      child.stdout.resume();
      child.on('close', () => done());
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    });
  }
  return performance.now() - started;
}

async function runnerOverhead(): Promise<number> {
  const root = makeFarm(SHELL_MODULE);
  try {
    const params = { 'com.example.key': 'value' };
    const enumeration = await enumerateTarget({ root, target: 'configure' });
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const direct = await directRun(root, JSON.stringify(params));
      const started = performance.now();
      await runTarget({ root, target: 'configure', params, enumeration });
      samples.push((performance.now() - started - direct) / COUNT);
    }
    return median(samples);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Copies the built commands next to the Python package, as a package installs them. */
function installBuilt(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ovm-bench-bin-'));
  mkdirSync(join(dir, 'bin'));
  for (const cmd of ['ovm-template-config', 'ovm-chkconfig']) cpSync(join(TOP, 'dist/bin', cmd), join(dir, 'bin', cmd));
  cpSync(join(TOP, 'dist/python'), join(dir, 'python'), { recursive: true });
  return dir;
}

/** A root holding every built-in module bundle, enabled with the built ovm-chkconfig --add. */
function builtinFarm(installed: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ovm-bench-'));
  const scripts = join(root, 'etc/template.d/scripts');
  cpSync(join(TOP, 'dist/modules'), scripts, { recursive: true });
  const names = readdirSync(scripts);
  if (names.length !== COUNT) throw new Error(`expected ${COUNT} built-in modules in dist/modules, found ${names.length}`);
  for (const name of names) {
    const r = spawnSync(join(installed, 'bin/ovm-chkconfig'), ['--root', root, '--add', name], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ovm-chkconfig --add ${name} failed: ${r.stderr}`);
  }
  return root;
}

/** The floor: each enabled module's `configure --enumerate`, started directly one after another. */
function directEnumerate(root: string, installed: string): number {
  const dir = join(root, 'etc/template.d/configure.d');
  const env = { ...process.env, PYTHONPATH: join(installed, 'python'), PYTHONDONTWRITEBYTECODE: '1' };
  const started = performance.now();
  for (const link of readdirSync(dir).sort()) {
    const r = spawnSync(join(dir, link), ['configure', '--enumerate'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${link} --enumerate failed: ${r.stderr}`);
  }
  return performance.now() - started;
}

/** Median wall time of the built command's --enumerate, and of the direct floor, on one root. */
function enumerateWall(installed: string, root: string): { ours: number; direct: number } {
  const bin = join(installed, 'bin/ovm-template-config');
  const ours: number[] = [];
  const direct: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const result = spawnSync(bin, ['--root', root, '--enumerate', 'configure'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`enumerate failed: ${result.stderr}`);
    ours.push(performance.now() - started);
    direct.push(directEnumerate(root, installed));
  }
  return { ours: median(ours), direct: median(direct) };
}

/** One configure run of the demo batch on a fresh root; throws unless it configured. */
async function demoRun(inst: ReturnType<typeof install>, params: Record<string, string>, planFirst: boolean): Promise<number> {
  const root = realGuestRoot(inst);
  const started = performance.now();
  const report = await runTarget({ root, target: 'configure', params, planFirst });
  const ms = performance.now() - started;
  if (report.status !== 'ok') throw new Error(`the demo batch ended ${report.status}: ${JSON.stringify(report.errors)}`);
  return ms;
}

/** Median ms of the demo batch with plan-then-apply, and without the plan (the way before). */
async function demoBatchRuns(): Promise<{ planned: number; before: number }> {
  const inst = install();
  const params = Object.fromEntries(demoBatch('Bench-root-pw-1', 'Bench-user-pw-1', freshPublicKey()));
  const planned: number[] = [];
  const before: number[] = [];
  try {
    await demoRun(inst, params, true); // warm-up: the file cache, as on a booted guest
    for (let round = 0; round < ROUNDS; round++) {
      before.push(await demoRun(inst, params, false));
      planned.push(await demoRun(inst, params, true));
    }
  } finally {
    inst.remove();
    cleanupRoots();
  }
  return { planned: median(planned), before: median(before) };
}

export default async function (): Promise<BenchResult[]> {
  const demo = await demoBatchRuns();
  const overhead = await runnerOverhead();
  const installed = installBuilt();
  const roots = [builtinFarm(installed), makeFarm(PYTHON_MODULE)];
  try {
    const js = enumerateWall(installed, roots[0]!);
    const python = enumerateWall(installed, roots[1]!);
    const round = (v: number) => Math.round(v * 100) / 100;
    const direct = 'the same 8 modules enumerated directly, one after another';
    return [
      { bench: 'engine.runner.overhead', unit: 'ms per module', ours: round(overhead), peer: 'goal (8 trivial modules)', peer_value: 10 },
      { bench: 'engine.enumerate.builtin', unit: 'ms', ours: round(js.ours), peer: direct, peer_value: round(js.direct) },
      { bench: 'engine.enumerate.python', unit: 'ms', ours: round(python.ours), peer: direct, peer_value: round(python.direct) },
      {
        bench: 'engine.demo-batch.plan-then-apply (root password to configured, 7 modules, el9)',
        unit: 'ms',
        ours: round(demo.planned),
        peer: 'the same run without the plan (before plan-then-apply); goal within 25 %',
        peer_value: round(demo.before),
      },
    ];
  } finally {
    for (const dir of [installed, ...roots]) rmSync(dir, { recursive: true, force: true });
  }
}
