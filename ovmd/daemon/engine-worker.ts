// The engine in a short-lived helper process: the long-running daemon hands each enumerate or
// run to a fresh `ovmd` process (same executable, OVMD_ENGINE_WORKER=1) so the runner and its
// schema compiler never stay resident in the daemon, whose memory therefore stays at its floor.
// Requests and replies are JSON lines over the child's stdin/stdout: parameters, secrets
// included, travel through the pipe only, never through argv, the environment or a file.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Params } from '../../template.d/params/descriptor.js';
import type { EnabledModule, Engine, EngineReport } from './engine.js';
import { runnerEngine } from './runner-engine.js';

type Request = { op: 'enumerate'; root: string; target: string } | { op: 'run'; root: string; target: string; params: Params };
type Reply = { progress: string } | { result: unknown } | { error: string };

/** The child side: one request from stdin, progress and the result as JSON lines on stdout. */
export async function runEngineWorker(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Request;
  const send = (reply: Reply) => process.stdout.write(`${JSON.stringify(reply)}\n`);
  try {
    const engine = runnerEngine(request.root);
    const result = request.op === 'enumerate'
      ? await engine.enumerate(request.target)
      : await engine.run(request.target, request.params, (line) => send({ progress: line }));
    send({ result });
    return 0;
  } catch (error) {
    send({ error: (error as Error).message });
    return 1;
  }
}

/** Helper processes at work, so that stopping the daemon leaves none running on its own. */
const active = new Set<ChildProcess>();

function ask(request: Request, onProgress?: (line: string) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!], {
      env: { ...process.env, OVMD_ENGINE_WORKER: '1' },
      stdio: ['pipe', 'pipe', 'inherit'],
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
      if (outcome && 'result' in outcome) return resolve(outcome.result);
      if (outcome && 'error' in outcome) return reject(new Error(outcome.error));
      reject(new Error(`the engine helper process ended without a result (${signal ?? `exit ${code}`})`));
    });
    child.stdin.end(JSON.stringify(request));
  });
}

/** An Engine that runs every request in a helper process started from this same executable. */
export function processEngine(root: string): Engine {
  return {
    enumerate: async (target) => (await ask({ op: 'enumerate', root, target })) as EnabledModule[],
    run: async (target, params, onProgress) => (await ask({ op: 'run', root, target, params }, onProgress)) as EngineReport,
    stop: () => {
      for (const child of active) child.kill('SIGTERM');
    },
  };
}
