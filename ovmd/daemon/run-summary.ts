// Turns a runner report into the run result the guest sends back to the host: overall state,
// per-module status, duration and a one-line error. Built only from names, statuses and error
// texts with every secret value masked, so it can never carry a password (shared spec
// vmapi-channel.md, "What the guest sends back").
import { describeRefusal, type Refusal } from '../../template.d/params/refusal.js';
import { keyNameProblem } from '../../template.d/params/key-name.js';
import { maskValues } from '../../template.d/params/secrets.js';
import type { EngineReport } from './engine.js';

/**
 * The states a host sees in ovmd.run-result (docs/guest-messages.md): `invalid` is a batch
 * refused before any change (every reason in `errors`), `failed` a run in which a module failed.
 */
export type RunState = 'running' | 'configured' | 'completed' | 'failed' | 'invalid';

/** One module's line in ovmd.run-result. */
export interface ModuleSummary {
  name: string;
  status: string;
  durationMs: number;
  error?: string;
}

/** The value of ovmd.run-result: what a host needs to tell configured from failed. */
export interface RunSummary {
  target: string;
  state: RunState;
  startedAt: string;
  durationMs?: number;
  error?: string;
  /** State invalid: every reason the batch was refused, secret values masked. */
  errors?: Refusal[];
  /** How many reasons were left out of `errors` to keep the value within the channel's limit. */
  errorsOmitted?: number;
  modules?: ModuleSummary[];
}

/** The first line of a text, with every secret value replaced by "***", at most 300 chars. */
export function oneLine(text: string, secrets: string[]): string {
  let line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  line = maskValues(line, secrets, '***');
  line = line.trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** The summary of a finished run; `secrets` are the secret values to mask in error texts. */
export function summarise(report: EngineReport, startedAt: string, secrets: string[]): RunSummary {
  const ok = report.status === 'ok';
  const failedModule = report.modules.find((m) => m.status !== 'ok' && m.error);
  const errors = report.errors.map((r) => ({ ...r, reason: oneLine(r.reason, secrets) }));
  const error = ok ? undefined : refusedLine(errors) ?? failedModule?.error ?? `status ${report.status}`;
  const summary: RunSummary = {
    target: report.target,
    state: ok ? (report.target === 'configure' ? 'configured' : 'completed') : report.status === 'invalid' ? 'invalid' : 'failed',
    startedAt,
    durationMs: Math.round(report.durationMs),
    modules: report.modules.map((m) => {
      const entry: ModuleSummary = { name: m.name, status: m.status, durationMs: Math.round(m.durationMs) };
      // A refused batch's reasons are in errors[]; repeating them per module would only cost room.
      if (m.error && report.status !== 'invalid') entry.error = oneLine(m.error, secrets);
      return entry;
    }),
  };
  if (error) summary.error = oneLine(error, secrets);
  if (errors.length) fitErrors(summary, errors);
  return summary;
}

/** Room for ovmd.run-result below the channel's 8191-byte value limit (vmapi/layout.ts). */
const RESULT_BUDGET_BYTES = 7000;

/** Keeps as many reasons as fit the budget, in order, and counts the rest (it must still be sent). */
function fitErrors(summary: RunSummary, errors: Refusal[]): void {
  summary.errors = [];
  for (const [i, e] of errors.entries()) {
    summary.errors.push(e);
    if (Buffer.byteLength(JSON.stringify(summary)) <= RESULT_BUDGET_BYTES) continue;
    summary.errors.pop();
    summary.errorsOmitted = errors.length - i;
    return;
  }
}

/** The one-line error of a refused batch: how many reasons, and the first. */
function refusedLine(errors: Refusal[]): string | undefined {
  if (errors.length === 0) return undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more, see errors)` : '';
  return `refused, nothing was changed: ${describeRefusal(errors[0]!)}${more}`;
}

/** The summary announced when a run starts. */
export function runningSummary(target: string, startedAt: string): RunSummary {
  return { target, state: 'running', startedAt };
}

/** A run that could not even start (the runner threw). */
export function crashedSummary(target: string, startedAt: string, error: unknown, secrets: string[]): RunSummary {
  return { target, state: 'failed', startedAt, error: oneLine(String((error as Error)?.message ?? error), secrets) };
}

/**
 * Parameters a run added or changed that may go back to the host: changed keys that are
 * neither flagged secret by the report nor by the caller's test, and whose names pass the
 * key-name rule (the store would refuse any other, and that must not turn a good run into a failed one).
 */
export function returnedParams(report: EngineReport, isSecret: (key: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const secret = new Set(report.secretKeys);
  for (const key of report.changedKeys) {
    if (secret.has(key) || isSecret(key) || keyNameProblem(key) !== undefined) continue;
    const value = report.params[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
