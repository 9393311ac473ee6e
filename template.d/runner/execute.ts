// Runs one module for a target (or, in a dry run, asks it for its plan) and turns the outcome
// into a ModuleReport. A failed module's output is discarded: the caller keeps the previous set.
import type { Descriptor, Params, Target } from '../params/descriptor.js';
import { checkDryRun, checkParams } from '../params/schemas.js';
import type { SecretMasker } from '../params/secrets.js';
import type { RunLog } from './log-file.js';
import { moduleEnv } from './module-env.js';
import { inputFor, mergeOutput } from './module-input.js';
import { spawnModule, type SpawnResult } from './spawn-module.js';
import type { EnabledModule, ModuleReport, PlanStep } from './types.js';

export interface ExecuteRequest {
  module: EnabledModule;
  target: Target;
  root: string;
  params: Params;
  /** The module's own descriptors: a secret key reaches it only when it declares that key. */
  descriptors: readonly Descriptor[];
  dryRun: boolean;
  timeoutSec: number;
  masker: SecretMasker;
  log: RunLog;
  signal?: AbortSignal;
}

export interface ExecuteOutcome {
  report: ModuleReport;
  /** The set the module returned; undefined when it failed. */
  params?: Params;
}

/** The module's own one-line reason: an `error: ...` line (exit 2 refusals) or its last line. */
function reasonFrom(result: SpawnResult): string | undefined {
  const lines = result.stderrTail.map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => l.startsWith('error:'))?.slice(6).trim() ?? lines.pop();
}

function exitFailure(result: SpawnResult, timeoutSec: number): string | undefined {
  if (result.spawnError) return `cannot run: ${result.spawnError}`;
  if (result.stopped) return 'stopped with the run'; // a module not yet started is skipped before this (run-target.ts)
  if (result.timedOut) return `killed after the ${timeoutSec} s time limit (raise it with --timeout)`;
  if (result.exitCode === 0) return undefined;
  const how = result.exitCode === null ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`;
  const reason = reasonFrom(result);
  return reason ? `${how}: ${reason}` : how;
}

/** Reads the module's stdout: a real run returns the set, a dry run `{parameters, plan}`. */
function readOutput(stdout: string, dryRun: boolean, input: Params) {
  const text = stdout.trim();
  if (text === '' && !dryRun) return { ok: true as const, params: input, plan: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false as const, error: 'printed something that is not JSON on stdout' };
  }
  if (dryRun) {
    const checked = checkDryRun(parsed);
    if (!checked.ok) return { ok: false as const, error: `printed an invalid dry-run plan (${checked.error})` };
    return { ok: true as const, params: checked.value.parameters, plan: checked.value.plan };
  }
  const checked = checkParams(parsed);
  if (!checked.ok) return { ok: false as const, error: `returned an invalid parameter set (${checked.error})` };
  return { ok: true as const, params: checked.value, plan: undefined };
}

/** A plan is shown to people: its diffs and command lines go through the masker too. */
function maskStep(step: PlanStep, masker: SecretMasker): PlanStep {
  const out: PlanStep = { ...step };
  if (out.diff !== undefined) out.diff = masker.mask(out.diff);
  if (out.argv !== undefined) out.argv = out.argv.map((a) => masker.mask(a));
  return out;
}

/** How much of one module's stderr goes to the run log (or the dry-run messages): a runaway module must not fill the disk. */
export const STDERR_KEPT_BYTES = 1024 * 1024;

/** Passes lines on until `limit` bytes have gone, then says once that the rest was dropped. */
function boundedLines(limit: number, emit: (line: string) => void): (line: string) => void {
  let used = 0;
  let said = false;
  return (line) => {
    used += Buffer.byteLength(line) + 1;
    if (used <= limit) return emit(line);
    if (!said) emit(`(more stderr output not kept: over ${Math.round(limit / 1024)} KiB from this module)`);
    said = true;
  };
}

/** Why: every way a module can fail (spawn, exit, signal, timeout, bad output) ends up here. */
export async function executeModule(request: ExecuteRequest): Promise<ExecuteOutcome> {
  const { module, masker, dryRun } = request;
  const source = `${request.target} ${module.entry}`;
  const messages: string[] = [];
  const input = inputFor(request.params, masker, request.descriptors);
  const result = await spawnModule({
    path: module.file,
    args: dryRun ? [request.target, '--dry-run'] : [request.target],
    input: JSON.stringify(input.given),
    env: moduleEnv(request.root),
    timeoutMs: request.timeoutSec * 1000,
    signal: request.signal,
    onStderrLine: boundedLines(STDERR_KEPT_BYTES, (line) => (dryRun ? messages.push(masker.mask(line)) : request.log.write(source, line))),
  });
  const base = {
    name: module.name,
    priority: module.priority,
    exitCode: result.exitCode,
    durationMs: Math.round(result.durationMs),
    ...(dryRun ? { messages } : {}),
  };
  const failed = exitFailure(result, request.timeoutSec);
  if (failed) {
    const status = result.timedOut ? ('timeout' as const) : ('failed' as const);
    return { report: { ...base, status, error: masker.mask(failed) } };
  }
  const output = readOutput(result.stdout, dryRun, input.given);
  if (!output.ok) return { report: { ...base, status: 'failed', error: output.error } };
  masker.remember(output.params);
  const status = dryRun ? ('planned' as const) : ('ok' as const);
  const plan = output.plan?.map((step) => maskStep(step, masker));
  return { report: { ...base, status, ...(plan ? { plan } : {}) }, params: mergeOutput(request.params, output.params, input) };
}
