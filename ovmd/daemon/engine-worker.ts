// The engine in a short-lived helper process: the long-running daemon hands each enumerate or
// run to a fresh `ovmd` process (same executable, OVMD_ENGINE_WORKER=1) so the runner and its
// schema compiler never stay resident in the daemon, whose memory therefore stays at its floor.
// Requests and replies are JSON lines over the child's stdin/stdout: parameters, secrets
// included, travel through the pipe only, never through argv, the environment or a file.
// The helper leads its own process group; the runner starts each module in a group of its own.
// When the daemon stops the helper (SIGTERM), or dies (its end of stdin closes), the helper
// aborts the run: the runner stops the module at work (its whole group, SIGKILL after a grace
// period) and starts no other; then the helper exits. So an interrupted run never goes on
// beside the run a restarted daemon does again.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Params } from '../../template.d/params/descriptor.js';
import type { EnabledModule, Engine, EngineReport } from './engine.js';
import { runnerEngine } from './runner-engine.js';
import { SAFE_PATH } from '../../template.d/runner/tool-path.js';

type Request =
  | { op: 'enumerate'; root: string; target: string }
  | { op: 'secrets'; root: string }
  | { op: 'run'; root: string; target: string; params: Params };
type Reply = { progress: string } | { result: unknown } | { error: string };

/** Reads the first line of stdin; afterwards, stdin closing means the daemon is gone. */
function firstLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const at = text.indexOf('\n');
      if (at < 0) return;
      process.stdin.off('data', onData);
      resolve(text.slice(0, at));
    };
    process.stdin.on('data', onData);
    process.stdin.once('end', () => reject(new Error('the daemon went away')));
  });
}

/** The child side: one request from stdin, progress and the result as JSON lines on stdout. */
export async function runEngineWorker(): Promise<number> {
  const request = JSON.parse(await firstLine()) as Request;
  const stop = new AbortController();
  // The reason names the cause in the run log's "run interrupted by ..." line.
  const stopped = () => stop.abort('SIGTERM');
  const orphaned = () => stop.abort('ovmd going away');
  process.once('SIGTERM', stopped);
  process.stdin.once('end', orphaned);
  process.stdin.resume();
  const send = (reply: Reply) => process.stdout.write(`${JSON.stringify(reply)}\n`);
  let code = 0;
  try {
    const engine = runnerEngine(request.root, undefined, stop.signal);
    const result = request.op === 'enumerate'
      ? await engine.enumerate(request.target)
      : request.op === 'secrets'
      ? await engine.installedSecretKeys!()
      : await engine.run(request.target, request.params, (line) => send({ progress: line }));
    if (!stop.signal.aborted) send({ result }); // else nobody waits for it any more
  } catch (error) {
    if (!stop.signal.aborted) send({ error: (error as Error).message });
    code = 1;
  }
  if (stop.signal.aborted) code = 143;
  process.stdin.off('end', orphaned);
  process.off('SIGTERM', stopped);
  process.stdin.destroy(); // done: let the process exit
  return code;
}

/**
 * Why: the worker runs the engine as root, so it gets the fixed environment, not the caller's;
 * only the crash-test hook's variable passes through (it names a step, never a value).
 */
function workerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: SAFE_PATH, LANG: 'C.UTF-8', OVMD_ENGINE_WORKER: '1' };
  if (process.env.OVMD_TEST_CRASH_AT !== undefined) env.OVMD_TEST_CRASH_AT = process.env.OVMD_TEST_CRASH_AT;
  return env;
}

/** Helper processes at work, so that stopping the daemon leaves none running on its own. */
const active = new Set<ChildProcess>();

function ask(request: Request, onProgress?: (line: string) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!], {
      env: workerEnv(),
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: true,
    });
    active.add(child);
    child.once('exit', () => active.delete(child));
    let buffered = '';
    let outcome: Reply | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
        const reply = JSON.parse(buffered.slice(0, at)) as Reply;
        buffered = buffered.slice(at + 1);
        if ('progress' in reply) onProgress?.(reply.progress);
        else outcome = reply;
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      child.stdin.end();
      if (outcome && 'result' in outcome) return resolve(outcome.result);
      if (outcome && 'error' in outcome) return reject(new Error(outcome.error));
      reject(new Error(`the engine helper process ended without a result (${signal ?? `exit ${code}`})`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.write(`${JSON.stringify(request)}\n`);
  });
}

/** An Engine that runs every request in a helper process started from this same executable. */
export function processEngine(root: string): Engine {
  return {
    enumerate: async (target) => (await ask({ op: 'enumerate', root, target })) as EnabledModule[],
    installedSecretKeys: async () => (await ask({ op: 'secrets', root })) as string[],
    run: async (target, params, onProgress) => (await ask({ op: 'run', root, target, params }, onProgress)) as EngineReport,
    stop: () => {
      for (const child of active) child.kill('SIGTERM'); // the helper stops its modules
    },
  };
}
