// What a built-in module bundle offers when the runner loads it into its own process instead of
// starting it: its descriptors per target and a dry run (plan) that changes nothing. Planning
// every built-in module this way costs a few milliseconds each instead of a process start, so a
// run can plan everything before it changes anything without getting much slower. Types only,
// plus the names both sides agree on; the module side is modules/lib/in-process.ts.
import type { Descriptor, Params } from '../params/descriptor.js';
import type { PlanStep } from '../params/schemas.js';

/** The line the build writes into a built-in module's banner; only such a file is ever loaded. */
export const IN_PROCESS_MARKER = '// ovm-module-sdk: in-process 1';

/** The global a loading runner sets: the bundle hands its API to it instead of running. */
export const IN_PROCESS_HOOK = Symbol.for('ovm-template.in-process-module');

/** The answer of one in-process plan; `messages` are the module's log lines (masked by it). */
export type PlanAnswer =
  | { ok: true; params: Params; plan: PlanStep[]; messages: string[] }
  | { ok: false; refused: boolean; key: string | null; reason: string; messages: string[] };

/** Why: the contract between the runner and a built-in bundle loaded in its process. */
export interface InProcessModule {
  version: 1;
  name: string;
  /** Targets the module declares (its header's priorities). */
  targets: string[];
  /** The descriptors `--enumerate` would print for a declared target. */
  descriptors(target: string): Descriptor[] | undefined;
  /** `<module> <target> --dry-run` with `input` as stdin and `env` as its environment. */
  plan(target: string, input: Params, env: Record<string, string | undefined>): Promise<PlanAnswer>;
  /** What the root (OVM_TEMPLATE_ROOT in `env`) has now for the target's keys; {} when unknown. */
  current?(target: string, env: Record<string, string | undefined>): Promise<Params>;
}
