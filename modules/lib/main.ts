// The protocol adapter: turns a module declaration into the executable the runner calls
// (docs/module-protocol.md). First version: --help and --enumerate; running is being added.
import { isTarget } from '../../template.d/params/descriptor.js';
import type { ModuleDeclaration } from './types.js';

/** Why: the single entry point every module bundle calls (see scripts/build.ts). */
export function runModule(decl: ModuleDeclaration): void {
  const [target, flag] = process.argv.slice(2);
  if (target === undefined || target === '-h' || target === '--help') {
    process.stdout.write(`${decl.name}: ${decl.description}\nusage: ${decl.name} <target> [-e|--enumerate|--dry-run]\n`);
    return;
  }
  if (!isTarget(target) || decl.priorities[target] === undefined) {
    process.stderr.write(`error: ${decl.name} does not support the target "${target}"\n`);
    process.exitCode = 1;
    return;
  }
  if (flag === '-e' || flag === '--enumerate') {
    process.stdout.write(`${JSON.stringify(decl.parameters[target] ?? [])}\n`);
    return;
  }
  process.stderr.write(`error: ${decl.name}: running targets is not implemented yet\n`);
  process.exitCode = 1;
}
