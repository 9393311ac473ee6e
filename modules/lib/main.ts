// The protocol adapter (docs/module-protocol.md): turns a module declaration into the
// executable the runner calls. `<script> <target> -e` prints the target's descriptors,
// `<script> <target>` reads the parameter set on stdin and prints it back (with the handler's
// additions), `--dry-run` prints the plan instead of applying it. Exit 0 success, 2 a refused
// value (nothing changed), 1 any other failure; each failure is one `error:` line on stderr.
import { isTarget } from '../../template.d/params/descriptor.js';
import { toolExists } from '../../template.d/runner/tool-path.js';
import { createContext } from './context.js';
import { moduleHelp, moduleUsage } from './help.js';
import { createLogger, maskSecrets } from './logger.js';
import { executeTarget } from './pipeline.js';
import { runCommand } from './process-runner.js';
import { InputError } from './types.js';
import type { ModuleDeclaration, Params, Target } from './types.js';
import { parseParamSet, secretValues } from './validate.js';

type Mode = 'help' | 'enumerate' | 'run' | 'dry-run';

class UsageError extends Error {}

/** Why: the argument grammar is Oracle's: target first, then at most one flag. */
export function parseArgs(args: readonly string[]): { mode: Mode; target?: string } {
  if (args.some((a) => a === '-h' || a === '--help')) return { mode: 'help' };
  if (args.length === 0) throw new UsageError('missing the target (e.g. configure)');
  const [target, flag, ...extra] = args;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  if (target!.startsWith('-')) throw new UsageError(`the target comes first, then the option (got "${target}")`);
  if (flag === undefined) return { mode: 'run', target };
  if (flag === '-e' || flag === '--enumerate') return { mode: 'enumerate', target };
  if (flag === '--dry-run') return { mode: 'dry-run', target };
  throw new UsageError(`unknown option "${flag}"`);
}

function checkTarget(decl: ModuleDeclaration, target: string): Target {
  if (isTarget(target) && decl.priorities[target] !== undefined) return target;
  const known = Object.keys(decl.priorities).join(', ') || 'none';
  throw new UsageError(`${decl.name} has no target "${target}" (it supports: ${known})`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function runTarget(decl: ModuleDeclaration, target: Target, dryRun: boolean, secrets: string[]): Promise<string> {
  const input: Params = parseParamSet(await readStdin());
  secrets.push(...secretValues(decl.parameters[target] ?? [], input));
  const log = createLogger((line) => process.stderr.write(line), () => secrets);
  const ctx = createContext({ env: process.env, target, dryRun, runner: runCommand, log });
  const result = await executeTarget(decl, target, input, ctx, runCommand, toolExists);
  return JSON.stringify(dryRun ? { parameters: result.params, plan: result.plan } : result.params);
}

async function main(decl: ModuleDeclaration, args: readonly string[], secrets: string[]): Promise<void> {
  const { mode, target } = parseArgs(args);
  if (mode === 'help') {
    process.stdout.write(moduleHelp(decl));
    return;
  }
  const checked = checkTarget(decl, target!);
  if (mode === 'enumerate') {
    process.stdout.write(`${JSON.stringify(decl.parameters[checked] ?? [])}\n`);
    return;
  }
  process.stdout.write(`${await runTarget(decl, checked, mode === 'dry-run', secrets)}\n`);
}

function report(decl: ModuleDeclaration, error: unknown, secrets: readonly string[]): number {
  if (error instanceof InputError) {
    process.stderr.write(`error: ${error.key}: ${maskSecrets(error.message, secrets)}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${maskSecrets(message, secrets)}\n`);
  if (!(error instanceof UsageError)) return 1;
  // A wrong command line changes nothing, like a refused value: exit 2, as the commands do.
  process.stderr.write(moduleUsage(decl));
  return 2;
}

/** Why: the single entry point every module bundle calls (see scripts/build.ts). */
export function runModule(decl: ModuleDeclaration, args: readonly string[] = process.argv.slice(2)): void {
  const secrets: string[] = [];
  main(decl, args, secrets).then(
    () => undefined,
    (error: unknown) => {
      process.exitCode = report(decl, error, secrets);
    },
  );
}
