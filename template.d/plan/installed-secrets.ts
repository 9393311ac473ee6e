// The module half of the one secret rule: a key is secret when ANY module installed under the
// root flags it `password: true`, for any target, enabled or not. A run restricted with
// --script, or one whose owning module is switched off, must still mask the root password it
// carries. Built-in bundles answer in this process; any other module is asked with
// `--enumerate` for each target its header declares (only modules the run did not enumerate).
import { join } from 'node:path';
import { scriptsDir } from '../chkconfig/layout.js';
import { readFarm, readScriptHead } from '../chkconfig/state.js';
import { trustedModuleFile } from '../chkconfig/module-trust.js';
import { parseHeader } from '../header/parse-header.js';
import type { Descriptor, Target } from '../params/descriptor.js';
import { enumerateModules } from '../runner/enumerate.js';
import { DEFAULT_TIMEOUT_SEC } from '../runner/types.js';
import { loadInProcess } from './in-process-loader.js';

function passwordKeys(descriptors: readonly Descriptor[]): string[] {
  return descriptors.filter((d) => d.password).map((d) => d.key);
}

/** The password keys of one installed script, over every target its header declares. */
async function keysOf(root: string, name: string, signal?: AbortSignal): Promise<string[]> {
  const path = join(scriptsDir(root), name);
  const api = loadInProcess(root, path);
  if (api) return api.targets.flatMap((t) => passwordKeys(api.descriptors(t) ?? []));
  const header = parseHeader(readScriptHead(path) ?? '');
  if (!header.ok) return [];
  let file: string;
  try {
    file = trustedModuleFile(root, path);
  } catch {
    return []; // a module that may not run is never asked
  }
  const keys: string[] = [];
  for (const [target, priority] of Object.entries(header.header.priorities)) {
    const module = { name, priority: priority!, entry: name, path, file };
    const [entry] = await enumerateModules([module], target as Target, root, DEFAULT_TIMEOUT_SEC, signal);
    keys.push(...passwordKeys(entry?.descriptors ?? []));
  }
  return keys;
}

/** Why: secrecy must not depend on which modules a run selected; `known` were enumerated already. */
export async function installedSecretKeys(root: string, known: readonly string[], signal?: AbortSignal): Promise<string[]> {
  let scripts: string[];
  try {
    scripts = readFarm(root).scripts;
  } catch {
    return [];
  }
  const keys: string[] = [];
  for (const name of scripts.filter((s) => !known.includes(s))) keys.push(...(await keysOf(root, name, signal)));
  return keys;
}
