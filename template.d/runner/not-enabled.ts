// Why a module named with --script cannot run for a target, in words that lead to the fix: it
// is not installed at all, its header does not declare the target (enabling cannot help), or it
// is installed and declares the target but is switched off.
import { join } from 'node:path';
import type { Target } from '../params/descriptor.js';
import { parseHeader } from '../header/parse-header.js';
import { scriptsDir } from '../chkconfig/layout.js';
import { readFarm, readScriptHead } from '../chkconfig/state.js';

function declaredTargets(path: string): Target[] | undefined {
  const text = readScriptHead(path);
  if (text === undefined) return undefined;
  const parsed = parseHeader(text);
  return parsed.ok ? (Object.keys(parsed.header.priorities) as Target[]) : undefined;
}

function explainOne(root: string, target: Target, name: string, installed: string[]): string {
  const dir = scriptsDir(root);
  if (!installed.includes(name)) {
    return `there is no module "${name}" in ${dir} (installed: ${installed.join(', ') || 'none'})`;
  }
  const declared = declaredTargets(join(dir, name));
  if (declared && !declared.includes(target)) {
    return `module "${name}" declares no ${target} target in its header (it declares: ${declared.join(', ') || 'none'}), so it cannot run for ${target}`;
  }
  return `module "${name}" is off for ${target}: turn it on with ovm-chkconfig --target=${target} ${name} on`;
}

/** Why: "not enabled, use --add" misleads when the module is missing or has no such target. */
export function explainNotEnabled(root: string, target: Target, names: string[]): string {
  let installed: string[];
  try {
    installed = readFarm(root).scripts;
  } catch {
    installed = [];
  }
  return names.map((name) => explainOne(root, target, name, installed)).join('; ');
}
