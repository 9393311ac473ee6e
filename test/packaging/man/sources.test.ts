// Loading the option declarations the man pages are made from: a declaration that has not been
// written is skipped and named, never guessed; a file without a spec for its command is an error.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpecs, SPEC_SOURCES } from '../../../packaging/man/sources.js';

const top = resolve(import.meta.dirname, '../../..');
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ovm-specs-'));
  mkdirSync(join(scratch, 'template.d/options'), { recursive: true });
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadSpecs', () => {
  it('loads every declaration of this tree, one per command', async () => {
    const { loaded, missing } = await loadSpecs(top);
    expect(missing).toEqual([]);
    expect(loaded.map((l) => [l.spec.name, l.source])).toEqual(SPEC_SOURCES.map((s) => [s.command, s.file]));
  });

  it('skips and names the declarations that do not exist yet', async () => {
    cpSync(join(top, 'template.d/options/ovm-chkconfig.ts'), join(scratch, 'template.d/options/ovm-chkconfig.ts'));
    const { loaded, missing } = await loadSpecs(scratch);
    expect(loaded.map((l) => l.spec.name)).toEqual(['ovm-chkconfig']);
    expect(missing).toEqual(['template.d/options/ovm-template-config.ts', 'ovmd/options/ovm-vmmessage.ts', 'ovmd/options/ovmd.ts']);
  });

  it('refuses a declaring file that exports no spec for its command', async () => {
    writeFileSync(join(scratch, 'template.d/options/ovm-chkconfig.ts'), "export const spec = { name: 'other', options: [], synopsis: [] };\n");
    await expect(loadSpecs(scratch)).rejects.toThrow('template.d/options/ovm-chkconfig.ts exports no CommandSpec named "ovm-chkconfig"');
  });
});
