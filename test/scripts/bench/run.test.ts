// `make bench` (scripts/bench/run.ts) imports every scripts/bench/*.bench.ts and calls its
// default export. A file there that does its work at import time instead (as the real-Xen bench
// once did: importing it started a VM boot, then run.ts crashed and printed no figure) breaks the
// whole benchmark run; this keeps the convention checked without running any benchmark.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOP } from '../../template.d/helpers/built.js';

const BENCH = join(TOP, 'scripts/bench');
const files = readdirSync(BENCH).filter((f) => f.endsWith('.bench.ts')).sort();

describe('make bench files', () => {
  it('finds the benchmark files', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s exports a default async function and runs nothing at import time', (file) => {
    const source = readFileSync(join(BENCH, file), 'utf8');
    expect(source).toMatch(/^export default async function\b/m);
    // No top-level call that starts work (the standalone scripts end with `void main()...`).
    expect(source).not.toMatch(/^(void |await )?main\(/m);
  });
});
