// Benchmarks of the module engine:
//  - the runner's own overhead per module: a run of 8 trivial modules (enumeration excluded)
//    minus the time the same 8 module processes take when spawned directly, divided by 8;
//    goal: under 10 ms per module;
//  - wall time of the built `ovm-template-config --enumerate configure` over 8 small node
//    modules (ours) and over 8 Python modules on templateconfig (reported as the peer).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.js';
import { runTarget } from '../../template.d/runner/run-target.js';
import { enumerateTarget } from '../../template.d/runner/enumerate.js';

const TOP = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COUNT = 8;
const ROUNDS = 5;

const SHELL_MODULE = (n: number) => `#!/bin/sh\n# name: m${n}\n# configure: ${10 + n}\ncase "$2" in -e|--enumerate) echo '[]'; exit 0;; esac\ncat\n`;
const NODE_MODULE = (n: number) =>
  `#!/usr/bin/env node\n/*\n# name: m${n}\n# configure: ${10 + n}\n*/\n` +
  `if (process.argv[3] === '-e' || process.argv[3] === '--enumerate') console.log(JSON.stringify([{ key: 'com.example.m${n}.value', description: 'A value' }]));\n`;
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

/** Copies the built command next to the Python package, as a package installs them. */
function installBuilt(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ovm-bench-bin-'));
  mkdirSync(join(dir, 'bin'));
  cpSync(join(TOP, 'dist/bin/ovm-template-config'), join(dir, 'bin/ovm-template-config'));
  cpSync(join(TOP, 'dist/python'), join(dir, 'python'), { recursive: true });
  return dir;
}

function enumerateWall(bin: string, body: (n: number) => string): number {
  const root = makeFarm(body);
  try {
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const result = spawnSync(bin, ['--root', root, '--enumerate', 'configure'], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`enumerate failed: ${result.stderr}`);
      samples.push(performance.now() - started);
    }
    return median(samples);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export default async function (): Promise<BenchResult[]> {
  const overhead = await runnerOverhead();
  const installed = installBuilt();
  try {
    const bin = join(installed, 'bin/ovm-template-config');
    const js = enumerateWall(bin, NODE_MODULE);
    const python = enumerateWall(bin, PYTHON_MODULE);
    const round = (v: number) => Math.round(v * 100) / 100;
    return [
      { bench: 'runner overhead per module (8 trivial modules)', unit: 'ms', ours: round(overhead), peer: 'goal', peer_value: 10 },
      { bench: 'ovm-template-config --enumerate configure, 8 node modules vs 8 Python modules', unit: 'ms', ours: round(js), peer: 'same command over 8 Python templateconfig modules', peer_value: round(python) },
    ];
  } finally {
    rmSync(installed, { recursive: true, force: true });
  }
}
