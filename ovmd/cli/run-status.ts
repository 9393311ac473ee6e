// What `ovm-vmmessage --status` (and `-q ovmd.run-result --final`) make of the guest's latest
// ovmd.run-result: an exit status a host script can test without parsing JSON, and a summary a
// person can read. Pure. The run-result fields: docs/guest-messages.md, "ovmd.run-result".
import { counted } from '../../template.d/render/plural.js';

/** Exit statuses of --status, documented in docs/guest-messages.md and the man page. */
export const STATUS_EXIT = {
  /** The run finished and succeeded (configured, completed). */
  done: 0,
  /** The run finished and did not succeed (failed, invalid, or any other final state). */
  failed: 1,
  /** A run is still going, or the guest has reported none yet. */
  pending: 3,
  /** The guest could not be asked (no such domain, xenstore unavailable) or its result is unreadable. */
  unknown: 4,
} as const;

const OK_STATES = new Set(['configured', 'completed']);

interface ModuleLine {
  name?: unknown;
  status?: unknown;
  durationMs?: unknown;
  error?: unknown;
}

interface ErrorLine {
  key?: unknown;
  module?: unknown;
  reason?: unknown;
}

/** The parts of ovmd.run-result the summary shows; anything else in it is ignored. */
interface RunResult {
  target?: unknown;
  state?: unknown;
  startedAt?: unknown;
  durationMs?: unknown;
  error?: unknown;
  modules?: unknown;
  errors?: unknown;
  errorsOmitted?: unknown;
}

function parse(value: string): RunResult | undefined {
  try {
    const data = JSON.parse(value) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as RunResult) : undefined;
  } catch {
    return undefined;
  }
}

/** Why: one mapping from a run-result to an exit status, shared by --status and -q --final. */
export function statusCode(value: string | undefined): number {
  if (value === undefined) return STATUS_EXIT.pending;
  const state = parse(value)?.state;
  if (typeof state !== 'string') return STATUS_EXIT.unknown;
  if (state === 'running') return STATUS_EXIT.pending;
  return OK_STATES.has(state) ? STATUS_EXIT.done : STATUS_EXIT.failed;
}

/** Text from the guest, shown on one line without its control characters (a guest is not trusted to format a host terminal). */
function text(value: unknown): string {
  return String(value ?? '').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}

function seconds(ms: unknown): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '';
}

function moduleLines(modules: unknown): string[] {
  if (!Array.isArray(modules)) return [];
  return (modules as ModuleLine[]).map((m) => {
    const why = m.error === undefined ? '' : `  ${text(m.error)}`;
    return `  ${text(m.status).padEnd(8)} ${text(m.name).padEnd(20)} ${seconds(m.durationMs).padStart(8)}${why}`;
  });
}

function errorLines(errors: unknown, omitted: unknown): string[] {
  if (!Array.isArray(errors) || errors.length === 0) return [];
  const more = typeof omitted === 'number' && omitted > 0 ? [`  (${omitted} more: over the channel's size limit, see the guest's log)`] : [];
  const lines = (errors as ErrorLine[]).map((e) => {
    const module = text(e.module) ? ` (module "${text(e.module)}")` : '';
    const key = text(e.key); // null when the reason names no single key
    return `  ${key ? `${key}: ` : ''}${text(e.reason)}${module}`;
  });
  return [`${counted(errors.length + (more.length ? (omitted as number) : 0), 'reason')}:`, ...lines, ...more];
}

function headline(result: RunResult, domid: number): string {
  const state = text(result.state);
  const what = { running: 'running', configured: 'done: configured', completed: 'done: completed', failed: 'failed', invalid: 'refused (invalid): nothing was changed' }[state] ?? `state ${state}`;
  const took = state === 'running' ? '' : ` in ${seconds(result.durationMs) || '?'}`;
  return `domain ${domid}: ${text(result.target) || 'a run'} ${what} (started ${text(result.startedAt) || '?'}${took})`;
}

/** Why: the readable summary of the latest run-result, or a sentence when there is none or it cannot be read. */
export function renderStatus(value: string | undefined, domid: number): string {
  if (value === undefined) return `domain ${domid}: no run reported yet (ovmd has not sent ovmd.run-result)\n`;
  const result = parse(value);
  if (result === undefined || typeof result.state !== 'string') return `domain ${domid}: the latest ovmd.run-result cannot be read\n`;
  const lines = [headline(result, domid), ...moduleLines(result.modules), ...errorLines(result.errors, result.errorsOmitted)];
  const listed = Array.isArray(result.errors) && result.errors.length > 0;
  if (result.error !== undefined && !listed) lines.push(`error: ${text(result.error)}`);
  return `${lines.join('\n')}\n`;
}
