// Asks every enabled module for its parameter descriptors (`<script> <target> --enumerate`,
// shared spec template-config.md, "Module protocol") and checks each answer against the
// descriptor schema. A module that fails or prints something invalid is reported, not trusted.
// A built-in bundle that the runner loads into its own process answers from there instead.
import { isExecutable } from '../chkconfig/state.js';
import type { Descriptor, Target } from '../params/descriptor.js';
import { loadInProcess } from '../plan/in-process-loader.js';
import { checkDescriptors } from '../params/schemas.js';
import { discoverModules } from './discover.js';
import { moduleEnv } from './module-env.js';
import { spawnModule } from './spawn-module.js';
import { DEFAULT_TIMEOUT_SEC, type EnabledModule, type EnumerateOptions, type EnumerationEntry } from './types.js';

/** Enumeration should be instant; a module stuck here must not hold a boot for long. */
const MAX_ENUMERATE_SEC = 60;
const CONCURRENCY = 4;

function failure(result: { exitCode: number | null; timedOut: boolean; stopped: boolean; spawnError?: string; stderrTail: string[] }): string | undefined {
  if (result.spawnError) return `cannot run: ${result.spawnError}`;
  if (result.stopped) return 'stopped while enumerating';
  if (result.timedOut) return 'timed out while enumerating';
  if (result.exitCode !== 0) {
    const last = result.stderrTail.filter((l) => l.trim()).pop();
    return `--enumerate exited with status ${result.exitCode ?? 'killed'}${last ? `: ${last}` : ''}`;
  }
  return undefined;
}

/** What a module printed, on one short line (enumeration is given no parameters, so no secret). */
function printed(stdout: string): string {
  const text = stdout.trim().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

/** The descriptors of one answer, or why the answer cannot be used. */
function readAnswer(stdout: string): { descriptors: Descriptor[] } | { error: string } {
  if (!stdout.trim()) return { error: '--enumerate printed nothing (it exited with status 0)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return { error: `--enumerate printed something that is not JSON: ${printed(stdout)}` };
  }
  const checked = checkDescriptors(parsed);
  if (!checked.ok) return { error: `--enumerate printed an invalid descriptor list (${checked.error}): ${printed(stdout)}` };
  return { descriptors: checked.value };
}

/**
 * A built-in bundle (loaded into this process to plan anyway) gives the descriptors its
 * `--enumerate` would print without a process start: on a slow first boot that is one node start
 * less per module. Anything else, or a target the bundle does not declare, goes through the process.
 */
function inProcessAnswer(module: EnabledModule, target: Target, root: string): Descriptor[] | undefined {
  // A bundle that cannot be started would fail only when applied: the process path reports it now.
  if (!isExecutable(module.file)) return undefined;
  const declared = loadInProcess(root, module.file)?.descriptors(target);
  if (!declared) return undefined;
  const checked = checkDescriptors(declared);
  return checked.ok ? checked.value : undefined;
}

/**
 * A module that exits 0 with an answer that cannot be used is asked once more: on a loaded first
 * boot an answer has gone missing once (issue 13), and a module that is really broken gives the
 * same answer again. The entry says when the second answer was the one used.
 */
async function enumerateOne(module: EnabledModule, target: Target, root: string, timeoutSec: number, signal?: AbortSignal): Promise<EnumerationEntry> {
  const base = { priority: module.priority, name: module.name, descriptors: [] };
  if (module.problem) return { ...base, error: module.problem };
  const builtIn = inProcessAnswer(module, target, root);
  if (builtIn) return { ...base, descriptors: builtIn };
  /** One answer: its descriptors, or an error and whether asking again may help. */
  const ask = async (): Promise<{ descriptors: Descriptor[] } | { error: string; again: boolean }> => {
    const result = await spawnModule({
      path: module.file,
      args: [target, '--enumerate'],
      input: '',
      env: moduleEnv(root),
      timeoutMs: Math.min(timeoutSec, MAX_ENUMERATE_SEC) * 1000,
      signal,
    });
    const failed = failure(result);
    return failed ? { error: failed, again: false } : { again: true, ...readAnswer(result.stdout) };
  };
  const first = await ask();
  if ('descriptors' in first) return { ...base, descriptors: first.descriptors };
  if (!first.again) return { ...base, error: first.error };
  const second = await ask();
  if ('descriptors' in second) return { ...base, descriptors: second.descriptors, askedAgain: first.error };
  return { ...base, error: second.error };
}

/** Why: one wording, wherever a run or a listing says that a module's second answer was used. */
export function askedAgainNote(entry: EnumerationEntry): string {
  return `module ${entry.name}: ${entry.askedAgain}; asked again, and its second answer was used`;
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the input order. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Enumerates already-discovered modules (the run pipeline discovers once). */
export function enumerateModules(modules: EnabledModule[], target: Target, root: string, timeoutSec: number, signal?: AbortSignal): Promise<EnumerationEntry[]> {
  return mapLimited(modules, CONCURRENCY, (m) => enumerateOne(m, target, root, timeoutSec, signal));
}

/** Why: `ovm-template-config --enumerate` and ovmd's parameter list; entries in run order. */
export async function enumerateTarget(options: EnumerateOptions): Promise<EnumerationEntry[]> {
  const modules = discoverModules(options.root, options.target, options.scripts);
  return enumerateModules(modules, options.target, options.root, options.timeoutSec ?? DEFAULT_TIMEOUT_SEC, options.signal);
}
