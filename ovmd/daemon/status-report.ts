// What `ovmd --status` reports, read from the files the daemon keeps (in the spirit of
// `cloud-init status`): whether first boot is armed, the record of the last run (target, state,
// when, modules, the reasons of a refused batch), whether a daemon is running, which required
// keys have not arrived yet, and where the log is. Reading only: nothing is changed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFromJson, isSecretKey, missingRequired } from './catalog.js';
import { ParamStore } from './param-store.js';
import type { OvmdPaths } from './paths.js';
import { DaemonState } from './run-record.js';
import type { RunSummary } from './run-summary.js';
import { firstBootArmed } from './settings.js';

/** The guest's configuration status; `state` is the one word a script or a person reads first. */
export interface GuestStatus {
  state: 'done' | 'failed' | 'invalid' | 'running' | 'waiting' | 'never ran';
  firstBootArmed: boolean;
  daemon: { running: boolean; pid?: number };
  /** The last run's result (the value sent as ovmd.run-result); undefined when none was recorded. */
  lastRun?: RunSummary;
  /** Required keys not stored yet (only when the key catalog is cached). */
  waitingFor?: string[];
  log: string;
}

/** Exit statuses of ovmd --status; the same meaning as ovm-vmmessage --status (ovmd/cli/run-status.ts). */
export const STATUS_EXIT = { done: 0, failed: 1, usage: 2, pending: 3 } as const;

function daemonPid(paths: OvmdPaths): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** The last run as recorded: a finished run's summary, or a run still going. */
function lastRun(paths: OvmdPaths): RunSummary | undefined {
  const record = new DaemonState(paths).runRecord();
  if (!record) return undefined;
  return record.phase === 'done' ? record.summary : { target: record.target, state: 'running', startedAt: record.startedAt };
}

/** The required keys still missing, from the cached key catalog; undefined without a cache. */
function waitingFor(paths: OvmdPaths): string[] | undefined {
  const file = join(paths.runDir, 'catalog.json');
  if (!existsSync(file)) return undefined;
  try {
    const catalog = catalogFromJson((JSON.parse(readFileSync(file, 'utf8')) as { catalog: object }).catalog);
    const stored = new ParamStore(paths, (k) => isSecretKey(catalog, k)).all();
    return missingRequired(catalog, stored);
  } catch {
    return undefined;
  }
}

function stateOf(armed: boolean, run: RunSummary | undefined): GuestStatus['state'] {
  if (run?.state === 'running') return 'running';
  if (run?.state === 'invalid') return 'invalid';
  if (run && run.state !== 'configured' && run.state !== 'completed') return 'failed';
  if (armed) return 'waiting';
  return run ? 'done' : 'never ran';
}

/** Why: one reading of the guest's state, for the text, --json and the exit status alike. */
export function readStatus(paths: OvmdPaths): GuestStatus {
  const armed = firstBootArmed(paths);
  const run = lastRun(paths);
  const pid = daemonPid(paths);
  const status: GuestStatus = { state: stateOf(armed, run), firstBootArmed: armed, daemon: { running: pid !== undefined, ...(pid ? { pid } : {}) }, log: paths.runLog };
  if (run) status.lastRun = run;
  const missing = armed || !run ? waitingFor(paths) : undefined;
  if (missing) status.waitingFor = missing;
  return status;
}

/** Why: the exit status scripts test: 0 done, 1 failed or refused, 3 running, waiting or never ran. */
export function statusExit(status: GuestStatus): number {
  if (status.state === 'done') return STATUS_EXIT.done;
  if (status.state === 'failed' || status.state === 'invalid') return STATUS_EXIT.failed;
  return STATUS_EXIT.pending;
}
