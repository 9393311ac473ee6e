// The built command bundles: what Node must parse at every start of a command is kept small
// (scripts/build.ts leaves inquirer's editor prompt and its encoding libraries out).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist } from '../template.d/console/guest.js';
import { TOP } from '../template.d/helpers/built.js';

beforeAll(() => ensureDist(), 240_000);

describe('command bundles', () => {
  it.each(['ovmd', 'ovm-template-config'])('%s carries no editor-prompt encoding libraries and stays under 1.2 MB', (name) => {
    const file = join(TOP, 'dist/bin', name);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/node_modules\/(iconv-lite|chardet)\//);
    expect(text).toContain('the editor prompt is not part of this build');
    expect(statSync(file).size).toBeLessThan(1.2 * 1024 * 1024);
  });
});
