// The dialog's Advisor over the root a run configures: built-in modules loaded in this process
// (template.d/plan/in-process-loader.ts) read the current values through their own root-prefixed
// file view (OVM_TEMPLATE_ROOT, never the live host when --root points elsewhere) and plan one
// module to see whether a skipped key is needed; the whole set goes through the run's own check
// (a dry run of runTarget: validation, then every module's plan), so the answers are refused for
// exactly the reasons the real run would refuse them.
import type { Params, Target } from '../params/descriptor.js';
import { describeRefusal } from '../params/refusal.js';
import { SecretMasker } from '../params/secrets.js';
import { loadInProcess } from '../plan/in-process-loader.js';
import { planModule } from '../plan/plan-module.js';
import { discoverModules } from '../runner/discover.js';
import { moduleEnv } from '../runner/module-env.js';
import { runTarget } from '../runner/run-target.js';
import type { EnabledModule } from '../runner/types.js';
import type { Advisor } from './advisor.js';
import type { Question } from './questions.js';

/** The run the dialog's answers are for. */
export interface RootAdvisorOptions {
  root: string;
  target: Target;
  scripts?: string[];
  /** Keys earlier sources marked secret (an OVF password property). */
  secretKeys?: string[];
  /** Per-module time limit of the checks, in seconds. */
  timeoutSec?: number;
}

/** A module's plan never takes long in process; one that hangs just gives no advice. */
const PROBE_TIMEOUT_SEC = 20;

/** Why the question's module refuses the set without this key, planning it in this process. */
async function probe(options: RootAdvisorOptions, module: EnabledModule | undefined, question: Question, known: Params): Promise<string | undefined> {
  const api = module && loadInProcess(options.root, module.file);
  if (!module || !api) return undefined; // only a built-in module is asked mid-dialog
  const params = Object.fromEntries(Object.entries(known).filter(([k]) => k !== question.key));
  const descriptors = api.descriptors(options.target) ?? [];
  const masker = new SecretMasker([...(options.secretKeys ?? []), ...descriptors.filter((d) => d.password).map((d) => d.key)]);
  masker.remember(params);
  const plan = await planModule({ module, descriptors, target: options.target, root: options.root, params, masker, timeoutSec: PROBE_TIMEOUT_SEC });
  return plan.refusal?.key === question.key ? plan.refusal.reason : undefined;
}

/** Why: defaults, needed follow-ups and the batch check, all from the root being configured. */
export function rootAdvisor(options: RootAdvisorOptions): Advisor {
  const { root, target } = options;
  let found: EnabledModule[] | undefined;
  const enabled = () => (found ??= discoverModules(root, target, options.scripts)); // first asked, not at construction
  const env = moduleEnv(root);
  return {
    async current() {
      const out: Params = {};
      for (const module of enabled()) {
        const values = (await loadInProcess(root, module.file)?.current?.(target, env).catch(() => undefined)) ?? {};
        for (const [key, value] of Object.entries(values)) if (!Object.hasOwn(out, key)) out[key] = value;
      }
      return out;
    },
    // A probe that fails gives no advice: the question stays optional and the review's check decides.
    needed: (question, known) => {
      const module = enabled().find((m) => m.name === question.module && !m.problem);
      return probe(options, module, question, known).catch(() => undefined);
    },
    async refusals(params) {
      const report = await runTarget({ root, target, params, scripts: options.scripts, dryRun: true, extraSecretKeys: options.secretKeys, timeoutSec: options.timeoutSec });
      const missing = report.modules.filter((m) => m.error?.startsWith('would not run')).map((m) => `${m.error} (module "${m.name}")`);
      return [...(report.status === 'invalid' ? report.errors.map(describeRefusal) : []), ...missing];
    },
  };
}
