// `ovm-template-config <target>`: read the parameter set, run the pipeline, print what happened
// (text, or --json), write the resulting set to --output, and choose the exit status.
import { closeSync, writeSync } from 'node:fs';
import { enumerateTarget } from '../runner/enumerate.js';
import { runTarget } from '../runner/run-target.js';
import type { ProgressEvent, RunOptions, RunReport } from '../runner/types.js';
import { fdSource, readSources, stdinSource, type ParamSource } from '../params/sources.js';
import { SecretMasker } from '../params/secrets.js';
import type { Params } from '../params/descriptor.js';
import { renderProgressLine } from '../render/progress-line.js';
import { renderIntro, renderPlan, renderSummary } from '../render/run-report.js';
import type { TemplateConfigOptions } from './template-config-options.js';
import { EXIT, SIGNAL_EXIT } from './exit-codes.js';

/** Said on standard error when --stdin is a terminal: what to type, and how to end. */
export const STDIN_TERMINAL_NOTE =
  'ovm-template-config: --stdin reads the parameter set from this terminal: type key=value lines (or one JSON object), ' +
  'then press Ctrl-D at the start of a line to end; Ctrl-C quits without running anything.\n';

/**
 * Later sources override earlier keys: the OVF image, then --input, --stdin, the console. The
 * OVF reader (an XML parser) and the dialog (inquirer) are loaded only when asked for, so every
 * other run starts without them.
 */
export async function sourcesOf(options: TemplateConfigOptions): Promise<ParamSource[]> {
  const sources: ParamSource[] = [];
  if (options.ovfIso) sources.push((await import('../ovf/ovf-source.js')).ovfIsoSource(options.ovfIso));
  if (options.input !== undefined) sources.push(fdSource(options.input));
  if (options.stdin) sources.push(stdinSource(process.stdin, () => void process.stderr.write(STDIN_TERMINAL_NOTE)));
  if (options.consoleInput) {
    const run = { root: options.root, scripts: options.scripts, timeoutSec: options.timeoutSec };
    sources.push((await import('../console/console-source.js')).consoleSource({ run }));
  }
  return sources;
}

/**
 * A line as each module starts (so a slow one is visibly at work) and one as it finishes. The
 * opening line waits for the first of them: a run refused by validation never says "Running".
 */
function progressPrinter(intro: string): { onProgress: (event: ProgressEvent) => void; introDone: () => boolean } {
  let printed = false;
  const onProgress = (event: ProgressEvent) => {
    if (!printed) process.stdout.write(intro);
    printed = true;
    process.stdout.write(renderProgressLine(event));
    if (event.type === 'finish' && event.report.status === 'planned') process.stdout.write(renderPlan(event.report));
  };
  return { onProgress, introDone: () => printed };
}

/** With no input at all, a missing required key most likely means the input was forgotten. */
function noInputHint(report: RunReport, sources: ParamSource[]): string {
  if (report.status !== 'invalid' || sources.length > 0) return '';
  return 'No parameters were given: pass them with --stdin, --input FD, --console-input or --ovf-transport-iso.\n';
}

/** The report as --json prints it: secret values replaced by the mask. */
function jsonReport(report: RunReport, input: Params): string {
  const masker = new SecretMasker(report.secretKeys);
  masker.remember(input);
  masker.remember(report.params);
  return `${JSON.stringify({ ...report, params: masker.maskParams(report.params) }, null, 2)}\n`;
}

function writeOutput(fd: number, report: RunReport): void {
  const set = new SecretMasker(report.secretKeys).withoutSecrets(report.params);
  writeSync(fd, `${JSON.stringify(set)}\n`);
  closeSync(fd);
}

function exitStatus(report: RunReport): number {
  if (report.status === 'interrupted') return SIGNAL_EXIT[report.interruptedBy as 'SIGTERM'] ?? SIGNAL_EXIT.SIGTERM;
  if (report.status === 'invalid') return EXIT.invalidParams;
  return report.status === 'ok' ? EXIT.ok : EXIT.moduleFailed;
}

/**
 * Keys an input marks as secret (ovf:password="true"): the runner treats them like a module's
 * password key (masked in the log and the report, left out of --output).
 */
export function inputSecretKeys(sources: ParamSource[]): string[] {
  return [...new Set(sources.flatMap((s) => s.secretKeys?.() ?? []))].sort();
}

/** The text report: the opening line with the first event, a line per module, the summary. */
async function humanRun(options: TemplateConfigOptions, run: RunOptions, sources: ParamSource[]): Promise<RunReport> {
  const names = (run.enumeration ?? []).map((e) => e.name);
  const printer = progressPrinter(renderIntro(options.target, options.root, options.dryRun, names));
  const report = await runTarget({ ...run, onProgress: printer.onProgress });
  // Nothing started and nothing was refused (no module enabled): the opening line is still owed.
  if (!printer.introDone() && report.status !== 'invalid') process.stdout.write(renderIntro(options.target, options.root, options.dryRun, names));
  const summary = report.status === 'interrupted' ? interruptedSummary(report) : renderSummary(report);
  process.stdout.write(summary + noInputHint(report, sources));
  return report;
}

/** The last line of an interrupted run: what was cut short, and that the log records it. */
function interruptedSummary(report: RunReport): string {
  const stopped = report.modules.filter((m) => m.error === 'stopped with the run').map((m) => `${m.name} was stopped`);
  const notRun = report.modules.filter((m) => m.status === 'not run').map((m) => m.name);
  const what = [...stopped, ...(notRun.length ? [`${notRun.join(', ')} did not run`] : [])].join('; ');
  const by = report.interruptedBy ? ` by ${report.interruptedBy}` : '';
  return `${report.target}: interrupted${by} after ${(report.durationMs / 1000).toFixed(2)} s: ${what || 'nothing was at work'}. The run log records it.\n`;
}

/**
 * SIGTERM and SIGINT during the run stop it through its signal: the module at work is ended
 * (its whole group), no other starts, and the run is reported and logged as interrupted. A
 * second signal of the same kind is not caught: it ends the command at once.
 */
async function underSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const handlers = (['SIGTERM', 'SIGINT'] as const).map((name) => [name, () => stop.abort(name)] as const);
  for (const [name, handler] of handlers) process.once(name, handler);
  try {
    return await work(stop.signal);
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}

/** Why: the whole user-visible run, from parameters in to exit status out. */
export async function runCommand(options: TemplateConfigOptions): Promise<number> {
  const enumerated = await enumerateTarget(options);
  const modules = enumerated.map((e) => ({ name: e.name, descriptors: e.descriptors }));
  const sources = await sourcesOf(options);
  const params = await readSources(sources, { target: options.target, modules });
  const run: RunOptions = { ...options, params, enumeration: enumerated, extraSecretKeys: inputSecretKeys(sources), lockWaitSec: options.waitLockSec };
  const report = await underSignals(async (signal) => {
    if (!options.json) return humanRun(options, { ...run, signal }, sources);
    const done = await runTarget({ ...run, signal });
    process.stdout.write(jsonReport(done, params));
    return done;
  });
  if (options.output !== undefined) writeOutput(options.output, report);
  return exitStatus(report);
}
