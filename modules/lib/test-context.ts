// A handler context for module tests, after cloud-init's subprocess guard: every command is
// DENIED unless the test allows it, and every command is recorded (argv, and whether stdin
// input was given), so a test can assert on the commands and prove no secret reached an argv.
// Files are real: the context works over a scratch root directory.
import { createContext } from './context.js';
import { createLogger } from './logger.js';
import { executeTarget } from './pipeline.js';
import type { TargetResult } from './pipeline.js';
import { runCommand } from './process-runner.js';
import type { CommandRunner, FamilyId, ModuleContext, ModuleDeclaration, Params, RunResult, Target } from './types.js';
import { secretValues } from './validate.js';

/** One command a handler or the apply step asked for. */
export interface RecordedCommand {
  argv: string[];
  /** Whether anything was fed on stdin (the content itself is not kept). */
  input: boolean;
}

/** Allows commands whose argv starts with `argv` (strings compare equal, RegExps test). */
export interface AllowRule {
  argv: (string | RegExp)[];
  /** The whole argv must match, not just its start. */
  exact?: boolean;
  /** Run the real command (it must be safe here, e.g. `systemctl --root=<scratch>`). */
  real?: boolean;
  /** Otherwise answer with this result (default: exit 0, no output). */
  result?: Partial<RunResult>;
}

/** Thrown (and recorded) for every command a test did not allow. */
export class DeniedCommandError extends Error {
  constructor(readonly argv: string[]) {
    super(`command not allowed in this test: ${JSON.stringify(argv)}`);
    this.name = 'DeniedCommandError';
  }
}

/** The scratch root and what the test permits. */
export interface TestContextOptions {
  root: string;
  target?: Target;
  live?: boolean;
  dryRun?: boolean;
  family?: FamilyId;
  allow?: AllowRule[];
}

/** The context plus everything recorded while it was used. */
export interface TestHarness {
  ctx: ModuleContext;
  runner: CommandRunner;
  commands: RecordedCommand[];
  /** Commands that were refused; a test should expect this to stay empty. */
  denied: string[][];
  /** Log lines as they would appear on stderr. */
  logs: string[];
}

function matches(rule: AllowRule, argv: string[]): boolean {
  if (rule.exact ? argv.length !== rule.argv.length : argv.length < rule.argv.length) return false;
  return rule.argv.every((p, i) => (typeof p === 'string' ? p === argv[i] : p.test(argv[i]!)));
}

/** Why: the guarded runner: records, then runs, fakes or refuses. */
export function guardedRunner(allow: readonly AllowRule[], commands: RecordedCommand[], denied: string[][]): CommandRunner {
  return async (argv, options = {}) => {
    commands.push({ argv: [...argv], input: options.input !== undefined });
    const rule = allow.find((r) => matches(r, argv));
    if (!rule) {
      denied.push([...argv]);
      throw new DeniedCommandError(argv);
    }
    if (rule.real) return runCommand(argv, options);
    return { exitCode: 0, stdout: '', stderr: '', ...rule.result };
  };
}

/**
 * Why: a context over a scratch root with the guarded runner; the root must be absolute. Its
 * log is deliberately NOT masked, so runTestTarget can catch a handler that logs a secret.
 */
export function createTestContext(options: TestContextOptions): TestHarness {
  const commands: RecordedCommand[] = [];
  const denied: string[][] = [];
  const logs: string[] = [];
  const runner = guardedRunner(options.allow ?? [], commands, denied);
  const ctx = createContext({
    env: { OVM_TEMPLATE_ROOT: options.root },
    target: options.target ?? 'configure',
    dryRun: options.dryRun ?? false,
    runner,
    log: createLogger((line) => logs.push(line.trimEnd())),
    live: options.live ?? false,
    ...(options.family ? { family: options.family } : {}),
  });
  return { ctx, runner, commands, denied, logs };
}

/** A harness after a full run, with the printed result. */
export interface TestRunResult extends TestHarness {
  result: TargetResult;
}

/**
 * Why: runs one target in process exactly as the executable would (validate, handler, plan,
 * apply), then fails if a command was denied or a secret value appears in any argv or log line.
 */
export async function runTestTarget(
  decl: ModuleDeclaration,
  target: Target,
  params: Params,
  options: TestContextOptions,
): Promise<TestRunResult> {
  const harness = createTestContext({ ...options, target });
  const result = await executeTarget(decl, target, params, harness.ctx, harness.runner);
  if (harness.denied.length > 0) throw new DeniedCommandError(harness.denied[0]!);
  const secrets = secretValues(decl.parameters[target] ?? [], params);
  for (const secret of secrets) {
    if (harness.commands.some((c) => c.argv.some((a) => a.includes(secret)))) throw new Error('a secret value reached an argv');
    if (harness.logs.some((l) => l.includes(secret))) throw new Error('a secret value reached the log');
  }
  return { ...harness, result };
}
