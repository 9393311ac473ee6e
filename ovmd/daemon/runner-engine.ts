// The production Engine: the module runner (template.d/runner) called in-process, so
// parameters (secrets included) are handed over in memory, never through argv or a file. The
// runner (with its schema compiler) is loaded on first use only: an idle daemon whose key
// catalog is cached never loads it, which keeps its memory small.
import { isTarget, type Params } from '../../template.d/params/descriptor.js';
import { renderProgressLine } from '../../template.d/render/progress-line.js';
import type { ProgressEvent } from '../../template.d/runner/types.js';
import type { EnabledModule, Engine, EngineReport } from './engine.js';

/**
 * Names the module being started or finished, in ovm-template-config's own words (the console
 * shows it as is during first boot; the daemon log trims the indent).
 */
export function progressLine(event: ProgressEvent): string {
  return renderProgressLine(event).replace(/\n$/, '');
}

/**
 * How long the daemon's run waits for a manual ovm-template-config run on the same root to end
 * (template.d/runner/run-lock.ts): the host's request is kept, not failed, unless a run hangs.
 */
export const ENGINE_LOCK_WAIT_SEC = 900;

/** An Engine over the runner for one root; `timeoutSec` is the per-module limit; `signal` stops it. */
export function runnerEngine(root: string, timeoutSec?: number, signal?: AbortSignal): Engine {
  return {
    async enumerate(target: string): Promise<EnabledModule[]> {
      if (!isTarget(target)) throw new Error(`unknown target "${target}"`);
      const { enumerateTarget } = await import('../../template.d/runner/enumerate.js');
      const entries = await enumerateTarget({ root, target, timeoutSec, signal });
      return entries.filter((e) => !e.error).map(({ name, priority, descriptors }) => ({ name, priority, descriptors }));
    },
    async installedSecretKeys(): Promise<string[]> {
      const { installedSecretKeys } = await import('../../template.d/plan/installed-descriptors.js');
      return installedSecretKeys(root, [], signal);
    },
    async run(target: string, params: Params, onProgress?: (line: string) => void): Promise<EngineReport> {
      if (!isTarget(target)) throw new Error(`unknown target "${target}"`);
      const { runTarget } = await import('../../template.d/runner/run-target.js');
      const report = await runTarget({
        root, target, params, timeoutSec, signal, lockWaitSec: ENGINE_LOCK_WAIT_SEC, onProgress: (e) => onProgress?.(progressLine(e)),
      });
      // The daemon tells an interrupted run from a failed one by its own stop; to it both failed.
      return { ...report, status: report.status === 'interrupted' ? 'failed' : report.status };
    },
  };
}
