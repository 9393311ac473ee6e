// Prints the suite's result as one plain closing line, "N passed, N failed" (", N skipped"
// when any were), from vitest's JSON reports, so that any reader of the log, human or CI, finds
// the counts in the same place. Exits non-zero when a report is missing.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

/** Why: the counts of one or more reports added up; `ok` is false when one is missing or a test failed. */
export function summaryLine(...files: string[]): { text: string; ok: boolean } {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) return { text: `no report at ${missing.join(', ')} (that test run stopped before writing it)`, ok: false };
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const f of files) {
    const r = JSON.parse(readFileSync(f, 'utf8')) as VitestJson;
    sum.passed += r.numPassedTests;
    sum.failed += r.numFailedTests;
    sum.skipped += r.numPendingTests + r.numTodoTests;
  }
  return { text: `${sum.passed} passed, ${sum.failed} failed${sum.skipped ? `, ${sum.skipped} skipped` : ''}`, ok: sum.failed === 0 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const line = summaryLine(...(process.argv.length > 2 ? process.argv.slice(2) : ['.work/vitest-results.json']));
  if (line.text.startsWith('no report')) {
    console.error(`test summary: ${line.text}`);
    process.exit(1);
  }
  console.log(line.text);
}
