// `make test`'s runner: the rest of the suite first, then the real-Xen VM files (test/xen-vm) in
// a vitest of their own, one file at a time (one emulated machine at a time, lock.ts). The VMs
// used to run beside the rest to save time; on a 2-core CI machine the rest's bursts then slowed
// the emulated machine so much that guests ran past their own limits (an 80 s XAPI boot was cut
// at 280 s, twice), so the VMs now have the machine to themselves. The VM run's lines are shown
// with a "xen-vm| " prefix; each part writes its JSON report, and the closing lines give the
// counts of each part and of both.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { failedTests, summaryLine } from './test-summary.js';

const VITEST = 'node_modules/.bin/vitest';
const VM_DIR = 'test/xen-vm';
const REPORTS = { rest: '.work/vitest-results.json', vm: '.work/vitest-vm-results.json' };

function vitest(args: string[], report: string, prefix?: string): Promise<number> {
  const argv = ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  return new Promise((resolve) => {
    const child = spawn(VITEST, argv, { stdio: ['ignore', prefix ? 'pipe' : 'inherit', prefix ? 'pipe' : 'inherit'] });
    if (prefix) {
      for (const stream of [child.stdout!, child.stderr!]) {
        createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
      }
    }
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Why: the one entry point of `make test`; exits non-zero when any test or either run failed. */
async function main(): Promise<void> {
  mkdirSync('.work', { recursive: true });
  for (const r of Object.values(REPORTS)) rmSync(r, { force: true });
  const started = Date.now();
  console.log(`test: the rest of the suite, then the real-Xen VM tests (${VM_DIR}), one VM at a time; their lines start with "xen-vm| "`);
  const rest = await vitest(['--exclude', `${VM_DIR}/**`], REPORTS.rest);
  const restDone = Date.now();
  const minutesSince = (t: number) => ((Date.now() - t) / 60_000).toFixed(1);
  const restMinutes = minutesSince(started);
  console.log(`\ntest: the rest of the suite took ${restMinutes} min; now the real-Xen VM tests, alone on the machine`);
  const vm = await vitest([VM_DIR, '--maxWorkers=1'], REPORTS.vm, 'xen-vm| ');
  const vmMinutes = minutesSince(restDone);
  const minutes = minutesSince(started);
  const vmLine = summaryLine(REPORTS.vm);
  const restLine = summaryLine(REPORTS.rest);
  const all = summaryLine(REPORTS.rest, REPORTS.vm);
  const failures = failedTests(REPORTS.rest, REPORTS.vm);
  if (failures.length) console.log(`\nfailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  console.log(`\nreal-Xen VM tests: ${vmLine.text} (${vmMinutes} min)`);
  console.log(`the rest of the suite: ${restLine.text} (${restMinutes} min)`);
  console.log(`${all.text} (${minutes} min)`);
  process.exit(vm !== 0 || rest !== 0 || !all.ok ? 1 : 0);
}

await main();
