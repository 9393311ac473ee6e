// How a run stopped by its signal (SIGTERM or SIGINT to ovm-template-config, ovmd stopping) is
// told: the report's status `interrupted` and one line in the run log that says what was
// stopped and what never ran, so a half-done configuration is never silent.
import type { ModuleReport } from './types.js';

/** The signal's reason when the caller gave one as text (`SIGTERM`), else undefined. */
export function stoppedBy(signal: AbortSignal | undefined): string | undefined {
  return typeof signal?.reason === 'string' ? signal.reason : undefined;
}

/** Why: a run counts as interrupted only when the stop cut something short, not after the last module. */
export function wasInterrupted(signal: AbortSignal | undefined, reports: ModuleReport[]): boolean {
  return Boolean(signal?.aborted) && reports.some((r) => r.status === 'not run' || (r.status === 'failed' && r.error === 'stopped with the run'));
}

/** The run log's closing line for an interrupted run. */
export function interruptedLine(reports: ModuleReport[], by: string | undefined, durationMs: number): string {
  const stopped = reports.filter((r) => r.error === 'stopped with the run').map((r) => r.name);
  const notRun = reports.filter((r) => r.status === 'not run').map((r) => r.name);
  const parts = [
    ...(stopped.length ? [`stopped ${stopped.join(', ')}`] : []),
    ...(notRun.length ? [`not run: ${notRun.join(', ')}`] : []),
  ];
  return `run interrupted${by ? ` by ${by}` : ''} after ${durationMs} ms: ${parts.join('; ') || 'no module was at work'}`;
}
