// `ovmd --status [--long] [--json] [--wait SECS]`: did first boot run, and how did it go? In the
// spirit of `cloud-init status`: one line of state, the last run, the reasons of a refused
// batch, where the log is; --long adds the modules and their durations, the daemon and what
// first boot still waits for; --wait polls until the state is final or SECS have passed. The
// exit status (status-report.ts) means the same as `ovm-vmmessage --status` on the host.
import { describeRefusal } from '../../template.d/params/refusal.js';
import type { OvmdPaths } from '../daemon/paths.js';
import { readStatus, STATUS_EXIT, statusExit, type GuestStatus } from '../daemon/status-report.js';
import { numberOption } from './ovmd-checks.js';
import { UsageError, type Parsed } from './parse.js';

const WHAT: Record<GuestStatus['state'], string> = {
  done: 'done: the last run succeeded',
  failed: 'failed: the last run did not succeed (see its modules and the log)',
  invalid: 'invalid: the last batch was refused, nothing was changed',
  running: 'running: a run is in progress',
  waiting: 'waiting: first boot is armed and no run has happened yet',
  'never ran': 'never ran: no configuration run is recorded',
};

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(2)} s`;
}

function lastRunLines(status: GuestStatus, long: boolean): string[] {
  const run = status.lastRun;
  if (!run) return [];
  const took = run.durationMs === undefined ? '' : `, took ${seconds(run.durationMs)}`;
  const lines = [`last run: ${run.target} ${run.state}, started ${run.startedAt}${took}`];
  if (run.errors?.length) lines.push(`errors (${run.errors.length + (run.errorsOmitted ?? 0)}):`, ...run.errors.map((e) => `  ${describeRefusal(e)}`));
  if (run.errorsOmitted) lines.push(`  (${run.errorsOmitted} more: see the log)`);
  else if (run.error) lines.push(`error: ${run.error}`);
  if (long && run.modules?.length) {
    lines.push('modules:', ...run.modules.map((m) => `  ${m.status.padEnd(8)} ${m.name.padEnd(20)} ${seconds(m.durationMs).padStart(8)}${m.error ? `  ${m.error}` : ''}`));
  }
  return lines;
}

/** Why: the text a person reads; --long adds what a person debugging wants next. */
export function renderGuestStatus(status: GuestStatus, long: boolean): string {
  const lines = [`status: ${WHAT[status.state]}`];
  lines.push(`first boot: ${status.firstBootArmed ? 'armed (INITIAL_CONFIG=yes)' : 'not armed'}`);
  lines.push(...lastRunLines(status, long));
  if (long) {
    lines.push(`daemon: ${status.daemon.running ? `running (pid ${status.daemon.pid})` : 'not running'}`);
    if (status.waitingFor?.length) lines.push(`waiting for: ${status.waitingFor.join(', ')}`);
  }
  lines.push(`log: ${status.log} (ovmd's own messages: the system log)`);
  return `${lines.join('\n')}\n`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Why: the whole --status action: read (waiting if asked), print, and say how it went in the exit status. */
export async function statusAction(argv: Parsed, paths: OvmdPaths, out: (text: string) => void): Promise<number> {
  const waitSec = numberOption(argv, 'wait', 0, (n) => n >= 0, 'a number of seconds (0 or more)');
  const deadline = Date.now() + waitSec * 1000;
  let status = readStatus(paths);
  while (statusExit(status) === STATUS_EXIT.pending && Date.now() < deadline) {
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
    status = readStatus(paths);
  }
  out(argv.json ? `${JSON.stringify(status, null, 2)}\n` : renderGuestStatus(status, Boolean(argv.long)));
  return statusExit(status);
}

/** Why: --long and --wait mean nothing without --status; refuse them rather than ignore them. */
export function checkStatusOptions(argv: Parsed, action: string | undefined): void {
  for (const name of ['long', 'wait']) {
    if (argv[name] !== undefined && argv[name] !== false && action !== 'status') throw new UsageError(`--${name} goes with --status`);
  }
}
