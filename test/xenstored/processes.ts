// Child processes of the harness: started with output to a log file, stopped by PID, waited for,
// and killed on process exit whatever happens (a failed test, an uncaught error). The children
// also get a parent-death signal (XSSHIM_PDEATHSIG / the bridge's prctl) for a hard kill of us.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';

const live = new Set<ChildProcess>();
const scratchDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  });
  // Ctrl-C or `timeout` on a demo or benchmark: clean up as on a normal exit. Only when nobody
  // else handles the signal, so a host process (a test runner) keeps its own behaviour.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    if (process.listenerCount(sig) === 0) process.once(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));
  }
}

/** Registers a run directory to remove at exit if its owner did not (forgetDir when it did). */
export function trackDir(dir: string): void {
  installExitHook();
  scratchDirs.add(dir);
}

export function forgetDir(dir: string): void {
  scratchDirs.delete(dir);
}

/** A started child whose stdout and stderr go to `logFile`. */
export interface Daemon {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

export function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, pipeStdout = false): Daemon {
  installExitHook();
  const log = openSync(logFile, 'a');
  const child = spawn(cmd, args, { env, stdio: ['ignore', pipeStdout ? 'pipe' : log, log] });
  closeSync(log);
  live.add(child);
  const exited = new Promise<void>((res) => {
    child.once('exit', () => res());
    child.once('error', () => res());
  });
  void exited.then(() => live.delete(child));
  return { child, logFile, exited };
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it is gone. */
export async function stopProcess(d: Daemon, graceMs = 5000): Promise<void> {
  if (d.child.exitCode !== null || d.child.signalCode !== null) return;
  d.child.kill('SIGTERM');
  const timer = setTimeout(() => d.child.kill('SIGKILL'), graceMs);
  await d.exited;
  clearTimeout(timer);
}

/** The tail of a daemon's log, for error messages. */
export function logTail(d: Daemon, lines = 15): string {
  try {
    return readFileSync(d.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
