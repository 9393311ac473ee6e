// Prints the suite's result as one plain closing line, "N passed, N failed" (", N skipped"
// when any were), from vitest's JSON reports, so that any reader of the log, human or CI, finds
// the counts in the same place. Exits non-zero when a report is missing.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: {
    name: string;
    status?: string;
    message?: string;
    assertionResults?: { fullName?: string; title: string; status: string; failureMessages?: string[] }[];
  }[];
}

const MESSAGE_CHARS = 300;

/** Why: the first line of a failure, without colour codes, short enough for a log's tail. */
function firstLine(message: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const plain = (message ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  const line = plain.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '(no message)';
  return line.length > MESSAGE_CHARS ? `${line.slice(0, MESSAGE_CHARS)}…` : line;
}

/**
 * Why: a log often keeps only its last lines (CI shows the tail); the closing lines must then say
 * which tests failed and why, not only how many. A file that failed outside any test (an import
 * error, a failing hook) is listed by its name.
 */
export function failedTests(...files: string[]): string[] {
  const out: string[] = [];
  for (const f of files.filter((x) => existsSync(x))) {
    const r = JSON.parse(readFileSync(f, 'utf8')) as VitestJson;
    for (const file of r.testResults ?? []) {
      const where = relative(process.cwd(), file.name);
      const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const a of failed) out.push(`${where} > ${a.fullName ?? a.title}: ${firstLine(a.failureMessages?.[0])}`);
      if (failed.length === 0 && file.status === 'failed') out.push(`${where}: ${firstLine(file.message)}`);
    }
  }
  return out;
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
