// Where each command's option declarations live, and loading them. The man pages are made
// from these (scripts/man.ts) and the tests check them against the built commands.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandSpec } from '../../template.d/options/command-spec.js';

/** Every command with a man page, in section 8, by the file that declares its options. */
export const SPEC_SOURCES = [
  { command: 'ovm-chkconfig', file: 'template.d/options/ovm-chkconfig.ts' },
  { command: 'ovm-template-config', file: 'template.d/options/ovm-template-config.ts' },
  { command: 'ovm-vmmessage', file: 'ovmd/options/ovm-vmmessage.ts' },
  { command: 'ovmd', file: 'ovmd/options/ovmd.ts' },
] as const;

export interface LoadedSpec {
  spec: CommandSpec;
  /** Repository path of the declaring file. */
  source: string;
}

function isSpecFor(value: unknown, command: string): value is CommandSpec {
  const v = value as Partial<CommandSpec> | null;
  return typeof v === 'object' && v !== null && v.name === command && Array.isArray(v.options) && Array.isArray(v.synopsis);
}

/**
 * Why: a declaration that has not landed yet is skipped (and named), never guessed; a file
 * that exists but exports no spec for its command is an error.
 */
export async function loadSpecs(top: string): Promise<{ loaded: LoadedSpec[]; missing: string[] }> {
  const loaded: LoadedSpec[] = [];
  const missing: string[] = [];
  for (const { command, file } of SPEC_SOURCES) {
    const path = join(top, file);
    if (!existsSync(path)) {
      missing.push(file);
      continue;
    }
    const exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const spec = Object.values(exports).find((v) => isSpecFor(v, command));
    if (!spec) throw new Error(`${file} exports no CommandSpec named "${command}"`);
    loaded.push({ spec, source: file });
  }
  return { loaded, missing };
}
