// What the daemon needs from the module runner (template.d/runner), as an interface: list the
// parameters the enabled modules of a target declare, and run a target. The daemon and the
// tests inject it, so the trigger and reporting logic is tested without spawning modules.
import type { Descriptor, Params } from '../../template.d/params/descriptor.js';
import type { Refusal } from '../../template.d/params/refusal.js';

/** One module's outcome in a run, as the runner reports it. */
export interface EngineModuleResult {
  name: string;
  priority: number;
  status: string;
  exitCode?: number | null;
  durationMs: number;
  error?: string;
}

/** The subset of the runner's RunReport the daemon reads. */
export interface EngineReport {
  target: string;
  status: 'ok' | 'failed' | 'invalid';
  durationMs: number;
  /** Why the batch was refused (status invalid): nothing was changed. */
  errors: Refusal[];
  modules: EngineModuleResult[];
  /** The returned parameter set; contains secrets. */
  params: Params;
  changedKeys: string[];
  secretKeys: string[];
}

/** One module enabled for a target, with the keys it declares. */
export interface EnabledModule {
  priority: number;
  name: string;
  descriptors: Descriptor[];
}

/** Runs targets and lists their keys; in-process for commands, in a helper for the daemon. */
export interface Engine {
  enumerate(target: string): Promise<EnabledModule[]>;
  run(target: string, params: Params, onProgress?: (line: string) => void): Promise<EngineReport>;
  /** Stops work in progress (the daemon is stopping); the interrupted run is redone at restart. */
  stop?(): void;
  /** Password keys of every installed module, enabled or not (the one secret rule). */
  installedSecretKeys?(): Promise<string[]>;
}
