// Loads a built-in module bundle into this process (template.d/plan/module-api.ts), so that it
// can plan without a process start. Only a file that passes the module trust check and carries
// the build's marker line is loaded: any other module (a third party's, a shell or Python
// script) is left to the ordinary protocol, as is a bundle that fails to load.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readScriptHead } from '../chkconfig/state.js';
import { trustedModuleFile } from '../chkconfig/module-trust.js';
import { IN_PROCESS_HOOK, IN_PROCESS_MARKER, type InProcessModule } from './module-api.js';

/** Loaded bundles by real path, size and mtime (a replaced file is loaded afresh). */
const loaded = new Map<string, InProcessModule | null>();

function hasMarker(file: string): boolean {
  return readScriptHead(file)?.split('\n', 200).includes(IN_PROCESS_MARKER) ?? false;
}

/** Requires the file with the hook set, and returns what it offered, if anything. */
function requireOffered(file: string): InProcessModule | undefined {
  const hooks = globalThis as Record<symbol, unknown>;
  const before = hooks[IN_PROCESS_HOOK];
  let offered: InProcessModule | undefined;
  hooks[IN_PROCESS_HOOK] = (module: InProcessModule) => (offered = module);
  try {
    const load = createRequire(import.meta.url);
    delete load.cache[file];
    load(file);
  } catch {
    offered = undefined; // not loadable here: the caller starts it as a process instead
  } finally {
    hooks[IN_PROCESS_HOOK] = before;
  }
  return offered?.version === 1 ? offered : undefined;
}

/** Why: the way in to a built-in module's in-process plan; undefined means "start it as a process". */
export function loadInProcess(root: string, path: string): InProcessModule | undefined {
  let file: string;
  let key: string;
  try {
    file = trustedModuleFile(root, path);
    const stats = statSync(file);
    key = `${file}:${stats.size}:${stats.mtimeMs}`;
  } catch {
    return undefined; // untrusted or missing: the process path refuses it and says why
  }
  if (!loaded.has(key)) loaded.set(key, hasMarker(file) ? (requireOffered(file) ?? null) : null);
  return loaded.get(key) ?? undefined;
}
