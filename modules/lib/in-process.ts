// A built-in module loaded into the runner's process (template.d/plan/module-api.ts) instead of
// started as its own: the build's entry calls offerInProcess first, and runs the protocol only
// when no runner is asking. The plan is computed by the same pipeline as `--dry-run`, with the
// environment the runner would give the process, and the same refusal rules (InputError).
import type { InProcessModule, PlanAnswer } from '../../template.d/plan/module-api.js';
import { IN_PROCESS_HOOK } from '../../template.d/plan/module-api.js';
import { toolExists } from '../../template.d/runner/tool-path.js';
import { createContext } from './context.js';
import { createLogger, maskSecrets } from './logger.js';
import { executeTarget } from './pipeline.js';
import { runCommand } from './process-runner.js';
import { InputError } from './types.js';
import type { ModuleDeclaration, Params, Target } from './types.js';
import { secretValues } from './validate.js';

function declared(decl: ModuleDeclaration, target: string): Target | undefined {
  return decl.priorities[target as Target] !== undefined ? (target as Target) : undefined;
}

/** The dry run of main.ts, with stderr lines collected instead of written. */
async function plan(decl: ModuleDeclaration, target: string, input: Params, env: Record<string, string | undefined>): Promise<PlanAnswer> {
  const messages: string[] = [];
  const checked = declared(decl, target);
  if (!checked) return { ok: false, refused: false, key: null, reason: `${decl.name} has no target "${target}"`, messages };
  const secrets = secretValues(decl.parameters[checked] ?? [], input);
  const log = createLogger((line) => messages.push(line.trimEnd()), () => secrets);
  try {
    const ctx = createContext({ env, target: checked, dryRun: true, runner: runCommand, log });
    const result = await executeTarget(decl, checked, input, ctx, runCommand, toolExists);
    return { ok: true, params: result.params, plan: result.plan, messages };
  } catch (error) {
    const reason = maskSecrets(error instanceof Error ? error.message : String(error), secrets);
    if (error instanceof InputError) return { ok: false, refused: true, key: error.key, reason, messages };
    return { ok: false, refused: false, key: null, reason, messages };
  }
}

/** The module's current values for the console's defaults; never fails the dialog. */
async function current(decl: ModuleDeclaration, target: string, env: Record<string, string | undefined>): Promise<Params> {
  const checked = declared(decl, target);
  const read = checked ? decl.current?.[checked] : undefined;
  if (!checked || !read) return {};
  const log = createLogger(() => undefined, () => []);
  try {
    return read(createContext({ env, target: checked, dryRun: true, runner: runCommand, log }));
  } catch {
    return {}; // an unreadable root offers no defaults; the run itself reports the problem
  }
}

function api(decl: ModuleDeclaration): InProcessModule {
  return {
    version: 1,
    name: decl.name,
    targets: Object.keys(decl.priorities),
    descriptors: (target) => {
      const checked = declared(decl, target);
      return checked ? (decl.parameters[checked] ?? []) : undefined;
    },
    plan: (target, input, env) => plan(decl, target, input, env),
    current: (target, env) => current(decl, target, env),
  };
}

/** Why: lets a runner that loads this bundle take its API; false means run as a program. */
export function offerInProcess(decl: ModuleDeclaration): boolean {
  const hook = (globalThis as Record<symbol, unknown>)[IN_PROCESS_HOOK];
  if (typeof hook !== 'function') return false;
  (hook as (module: InProcessModule) => void)(api(decl));
  return true;
}
