// What every module installed under the root declares, for any target, enabled or not: the
// module half of the one secret rule (a key is secret when ANY installed module flags it
// `password: true`, so a run restricted with --script, or one whose owning module is switched
// off, still masks the root password it carries), and the known keys --check compares a batch
// with. Built-in bundles answer in this process; any other module is asked with `--enumerate`
// for each target its header declares.
import { join } from 'node:path';
import { scriptsDir } from '../chkconfig/layout.js';
import { readFarm, readScriptHead } from '../chkconfig/state.js';
import { trustedModuleFile } from '../chkconfig/module-trust.js';
import { parseHeader } from '../header/parse-header.js';
import type { Descriptor, Target } from '../params/descriptor.js';
import { enumerateModules } from '../runner/enumerate.js';
import { DEFAULT_TIMEOUT_SEC } from '../runner/types.js';
import { loadInProcess } from './in-process-loader.js';

/** The descriptors of one installed script, over every target its header declares. */
async function descriptorsOf(root: string, name: string, signal?: AbortSignal): Promise<Descriptor[]> {
  const path = join(scriptsDir(root), name);
  const api = loadInProcess(root, path);
  if (api) return api.targets.flatMap((t) => api.descriptors(t) ?? []);
  const header = parseHeader(readScriptHead(path) ?? '');
  if (!header.ok) return [];
  let file: string;
  try {
    file = trustedModuleFile(root, path);
  } catch {
    return []; // a module that may not run is never asked
  }
  const found: Descriptor[] = [];
  for (const [target, priority] of Object.entries(header.header.priorities)) {
    const module = { name, priority: priority!, entry: name, path, file };
    const [entry] = await enumerateModules([module], target as Target, root, DEFAULT_TIMEOUT_SEC, signal);
    found.push(...(entry?.descriptors ?? []));
  }
  return found;
}

/** Why: every key the installed modules declare, except those of `skip` (enumerated already). */
export async function installedDescriptors(root: string, skip: readonly string[] = [], signal?: AbortSignal): Promise<Descriptor[]> {
  let scripts: string[];
  try {
    scripts = readFarm(root).scripts;
  } catch {
    return [];
  }
  const found: Descriptor[] = [];
  for (const name of scripts.filter((s) => !skip.includes(s))) found.push(...(await descriptorsOf(root, name, signal)));
  return found;
}

/** Why: secrecy must not depend on which modules a run selected; `known` were enumerated already. */
export async function installedSecretKeys(root: string, known: readonly string[], signal?: AbortSignal): Promise<string[]> {
  return (await installedDescriptors(root, known, signal)).filter((d) => d.password).map((d) => d.key);
}
