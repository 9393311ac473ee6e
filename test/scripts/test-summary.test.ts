// The closing lines of `make test`: counts and, because CI keeps only the tail of a log, the
// name and first line of every failure. Checked on reports written by a real vitest run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedTests, summaryLine } from '../../scripts/test-summary.js';
import { TOP } from '../template.d/helpers/built.js';

let dir: string;
let report: string;

beforeAll(async () => {
  mkdirSync(join(TOP, '.work'), { recursive: true });
  dir = mkdtempSync(join(TOP, '.work', 'summary-'));
  writeFileSync(
    join(dir, 'sample.test.ts'),
    [
      "import { expect, it } from 'vitest';",
      "it('adds', () => { expect(1 + 1).toBe(2); });",
      "it('compares words', () => { expect('hostname').toBe('hostnmae'); });",
      "it.skip('waits', () => {});",
    ].join('\n'),
  );
  writeFileSync(join(dir, 'broken.test.ts'), "import './missing-module.js';\n");
  // A config of its own, so that the project's (which includes only test/) is not used.
  writeFileSync(join(dir, 'vitest.config.mjs'), 'export default {};\n');
  report = join(dir, 'report.json');
  await execa(join(TOP, 'node_modules/.bin/vitest'), ['run', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: dir,
    reject: false,
  });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('test summary', () => {
  it('counts passed, failed and skipped tests', () => {
    expect(summaryLine(report)).toEqual({ text: '1 passed, 1 failed, 1 skipped', ok: false });
  });

  it('names each failed test with the first line of its message, and a file that failed to load', () => {
    const lines = failedTests(report);
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.includes('sample.test.ts'))).toMatch(/sample\.test\.ts > compares words: .*expected 'hostname' to be 'hostnmae'/);
    expect(lines.find((l) => l.includes('broken.test.ts'))).toMatch(/broken\.test\.ts: .*missing-module/);
    for (const l of lines) expect(l).not.toMatch(/\x1b|\n/);
  });

  it('says a report is missing instead of counting it as passed', () => {
    expect(summaryLine(join(dir, 'none.json')).ok).toBe(false);
    expect(failedTests(join(dir, 'none.json'))).toEqual([]);
  });
});
