// Runs one module process: parameters on stdin (never argv or environment), stdout collected,
// stderr streamed line by line, a time limit that kills the module's whole process group. The
// only file in the runner that starts processes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { explainNotFound, launchFor } from './launch.js';

export interface SpawnRequest {
  path: string;
  args: string[];
  input: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  onStderrLine?: (line: string) => void;
  /** When aborted, the module's group is stopped as on a time-out (or it is never started). */
  signal?: AbortSignal;
}

export interface SpawnResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  timedOut: boolean;
  /** The caller's signal stopped it (or kept it from starting). */
  stopped: boolean;
  /** Set when the process could not be started (missing, not executable). */
  spawnError?: string;
  durationMs: number;
  /** The last stderr lines, unmasked: callers mask before showing them. */
  stderrTail: string[];
}

const MAX_STDOUT = 32 * 1024 * 1024;
const TAIL_LINES = 20;
const KILL_GRACE_MS = 2000;
/** After the module exits, how long a leftover child may keep its pipes open. */
const CLOSE_GRACE_MS = 5000;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let pending = '';
  return {
    push(chunk) {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      for (const line of parts) onLine(line.replace(/\r$/, ''));
    },
    flush() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}

/** Collects stdout (bounded) and stderr (line by line, keeping the last lines). */
function captureOutput(child: ChildProcessWithoutNullStreams, onStderrLine?: (line: string) => void) {
  const chunks: Buffer[] = [];
  const tail: string[] = [];
  let size = 0;
  const stderr = lineSplitter((line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    onStderrLine?.(line);
  });
  child.stdout.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_STDOUT) chunks.push(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  return {
    stdout: () => Buffer.concat(chunks).toString('utf8'),
    tail: () => {
      stderr.flush();
      return tail;
    },
  };
}

/** SIGTERM to the whole group, then SIGKILL if it is still there after a grace period. */
function stopGroup(child: ChildProcessWithoutNullStreams, timers: NodeJS.Timeout[]): void {
  killGroup(child.pid, 'SIGTERM');
  timers.push(setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS));
}

/** Stops the group when time is up. */
function armTimeLimit(child: ChildProcessWithoutNullStreams, timeoutMs: number, timers: NodeJS.Timeout[]) {
  const state = { timedOut: false };
  timers.push(setTimeout(() => {
    state.timedOut = true;
    stopGroup(child, timers);
  }, timeoutMs));
  return state;
}

/** Why: one careful spawn (stdin, group kill, pipe grace) that every module call goes through. */
export function spawnModule(request: SpawnRequest): Promise<SpawnResult> {
  if (request.signal?.aborted) {
    const notStarted = { exitCode: null, signal: null, stdout: '', timedOut: false, stopped: true, durationMs: 0, stderrTail: [] };
    return Promise.resolve(notStarted);
  }
  return new Promise((resolve) => {
    const started = performance.now();
    const timers: NodeJS.Timeout[] = [];
    let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
    let spawnError: string | undefined;
    let settled = false;
    // detached: the module leads its own process group, so a time-out kills its children too.
    const launch = launchFor(request.path);
    const child = spawn(launch.command, [...launch.args, ...request.args], { env: request.env, cwd: '/', detached: true, stdio: 'pipe' });
    const output = captureOutput(child, request.onStderrLine);
    const limit = armTimeLimit(child, request.timeoutMs, timers);
    let stopped = false;
    const onAbort = () => {
      stopped = true;
      stopGroup(child, timers);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      request.signal?.removeEventListener('abort', onAbort);
      const durationMs = performance.now() - started;
      resolve({ exitCode: exit.code, signal: exit.signal, stdout: output.stdout(), timedOut: limit.timedOut, stopped, spawnError, durationMs, stderrTail: output.tail() });
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EACCES') spawnError = 'not executable (chmod +x it)';
      else if (error.code === 'ENOENT') spawnError = explainNotFound(request.path);
      else spawnError = error.message;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A leftover background child may hold the pipes open; do not wait for it forever.
      timers.push(setTimeout(() => (child.stdout.destroy(), child.stderr.destroy(), finish()), CLOSE_GRACE_MS));
    });
    child.on('close', finish);
    child.stdin.on('error', () => undefined); // a module that exits without reading stdin
    child.stdin.end(request.input);
  });
}
