// The runner's public data types: what runTarget and enumerateTarget return and report. The
// ovmd daemon consumes these as a library, the CLI renders them.
import type { Descriptor, Params, Target } from '../params/descriptor.js';
import type { Refusal } from '../params/refusal.js';
import type { PlanStep } from '../params/schemas.js';

export type { PlanStep };

/** One module enabled for a target, as `<target>.d/<NN><name>` names it. */
export interface EnabledModule {
  name: string;
  priority: number;
  /** Link file name, e.g. `50network`; the run order is the sort order of these. */
  entry: string;
  /** Absolute path of the link in `<target>.d/`. */
  path: string;
  /** The real file the link leads to, checked: this is what runs (not the link, which could change). */
  file: string;
  /** Why the module cannot run (refused as untrusted, or missing); it is reported, never started. */
  problem?: string;
}

export interface EnumerationEntry {
  priority: number;
  name: string;
  descriptors: Descriptor[];
  /** Set when the module's `--enumerate` failed or printed something invalid. */
  error?: string;
  /** Set when the first answer could not be used and a second one was: what was wrong with the first. */
  askedAgain?: string;
}

export type ModuleStatus = 'ok' | 'failed' | 'timeout' | 'planned' | 'no plan' | 'not run';

export interface ModuleReport {
  name: string;
  priority: number;
  status: ModuleStatus;
  exitCode: number | null;
  durationMs: number;
  /** One line, secrets masked. */
  error?: string;
  /** Dry run: what the module would do. */
  plan?: PlanStep[];
  /** Dry run only: the module's stderr lines (secrets masked); a real run logs them instead. */
  messages?: string[];
}

export interface RunReport {
  target: Target;
  root: string;
  dryRun: boolean;
  /** `interrupted`: the run's signal stopped it (the module at work was ended, later ones not run). */
  status: 'ok' | 'failed' | 'invalid' | 'interrupted';
  /** With `interrupted`: what stopped it, e.g. `SIGTERM` (the signal's abort reason when a string). */
  interruptedBy?: string;
  durationMs: number;
  /** Why the batch was refused (validation, or a module's plan); when any, no module changed anything. */
  errors: Refusal[];
  /** Problems that did not stop the run (e.g. the log file could not be opened). */
  warnings: string[];
  modules: ModuleReport[];
  /** The resulting parameter set. Contains secrets: callers must not log or send it. */
  params: Params;
  /** Keys that modules added or changed. */
  changedKeys: string[];
  /** Every key treated as secret: the modules' password keys and RunOptions.extraSecretKeys. */
  secretKeys: string[];
}

/** `start` only for a module that is really started (not one skipped in a dry run or unenumerated). */
export type ProgressEvent =
  | { type: 'start'; name: string; priority: number; index: number; total: number }
  | { type: 'finish'; report: ModuleReport; index: number; total: number };

export interface RunOptions {
  root: string;
  target: Target;
  params: Params;
  /** Restrict the run to these module names. */
  scripts?: string[];
  dryRun?: boolean;
  /** Per-module time limit in seconds (default 300). */
  timeoutSec?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** A previous enumerateTarget result for the same root/target/scripts, to avoid a second pass. */
  enumeration?: EnumerationEntry[];
  /**
   * Keys the input itself marks secret (an OVF property with ovf:password="true"), secret for
   * the whole run like a module's password key even when no module declares them.
   */
  extraSecretKeys?: string[];
  /** Stops the run: the module running now is killed (its whole group), the rest do not start. */
  signal?: AbortSignal;
  /** false: skip the plan before applying (only the engine benchmark's "before" figure does). */
  planFirst?: boolean;
  /** How long a real run waits for another run on the same root to end (default 0: refuse at once). */
  lockWaitSec?: number;
}

export interface EnumerateOptions {
  root: string;
  target: Target;
  scripts?: string[];
  timeoutSec?: number;
  /** Stops the enumeration the same way. */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_SEC = 300;
