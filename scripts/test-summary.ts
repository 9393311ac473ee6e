// Prints the suite's result as one plain closing line, "N passed, N failed" (", N skipped"
// when any were), from vitest's JSON report, so that any reader of the log, human or CI, finds
// the counts in the same place. Exits non-zero when the report is missing.
import { existsSync, readFileSync } from 'node:fs';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const file = process.argv[2] ?? '.work/vitest-results.json';
if (!existsSync(file)) {
  console.error(`test summary: no report at ${file} (the test run stopped before writing it)`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
