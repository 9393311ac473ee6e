// Human-readable text for a run: one line per module as it finishes, the plan of a dry run,
// and a closing summary line. Pure: report in, text out. Secrets were masked by the runner.
import { join } from 'node:path';
import type { ModuleReport, PlanStep, RunReport } from '../runner/types.js';
import { LOG_PATH } from '../runner/log-file.js';
import { describeRefusal } from '../params/refusal.js';

const LABEL: Record<ModuleReport['status'], string> = {
  ok: 'ok',
  failed: 'FAILED',
  timeout: 'TIMEOUT',
  planned: 'planned',
  'no plan': 'no plan',
  'not run': 'not run',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Why: one line per module says what ran, in what order, how it ended and how long it took. */
export function renderModuleLine(report: ModuleReport): string {
  const head = `  ${LABEL[report.status].padEnd(8)} ${String(report.priority).padStart(2, '0')} ${report.name.padEnd(20)}`;
  if (report.status === 'no plan') return `${head} (no "# dry-run: yes" in its header: not run)\n`;
  const tail = report.error ? `  ${report.error}` : '';
  return `${head} ${seconds(report.durationMs).padStart(8)}${tail}\n`;
}

function indent(text: string, by: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `${by}${l}\n`)
    .join('');
}

function renderStep(step: PlanStep): string {
  const mode = step.mode ? ` (mode ${step.mode})` : '';
  switch (step.action) {
    case 'write':
      if (step.secret) return `      write ${step.path}${mode}: secret content, not shown\n`;
      return `      write ${step.path}${mode}\n${step.diff ? indent(step.diff, '        ') : ''}`;
    case 'run': {
      const how = step.skipped ? ` (skipped: ${step.skipped})` : step.live ? ' (live system only)' : '';
      return `      run ${(step.argv ?? []).join(' ')}${how}\n`;
    }
    case 'symlink':
      return `      symlink ${step.path} -> ${step.target}\n`;
    default:
      return `      ${step.action} ${step.path}${mode}\n`;
  }
}

/** Why: a dry run shows exactly what each module would change, file by file and command by command. */
export function renderPlan(report: ModuleReport): string {
  const steps = report.plan ?? [];
  const body = steps.length ? steps.map(renderStep).join('') : '      (nothing to change)\n';
  const notes = (report.messages ?? []).map((m) => `      note: ${m.replace(/^info:\s*/, '')}\n`).join('');
  return body + notes;
}

function modules(n: number): string {
  return n === 1 ? '1 module' : `${n} modules`;
}

/** The opening line, before any module runs. */
export function renderIntro(target: string, root: string, dryRun: boolean, names: string[]): string {
  const what = dryRun ? `Dry run of ${target} (nothing will be changed)` : `Running ${target}`;
  const list = names.length ? `: ${names.join(', ')}` : ': no modules are enabled for it';
  return `${what} on ${root}, ${modules(names.length)}${list}\n`;
}

function count(report: RunReport, status: ModuleReport['status']): number {
  return report.modules.filter((m) => m.status === status).length;
}

/** Why: the last line a person reads says whether everything worked and where to look if not. */
export function renderSummary(report: RunReport): string {
  if (report.status === 'invalid') {
    const lines = report.errors.map((e) => `  ${describeRefusal(e)}\n`).join('');
    const warnings = report.warnings.map((w) => `warning: ${w}\n`).join('');
    const head = report.dryRun ? 'The batch would be refused' : 'The batch was refused, so no module was run and nothing was changed';
    const count = report.errors.length === 1 ? '1 reason' : `${report.errors.length} reasons`;
    return `${warnings}${head} (${count}):\n${lines}Fix these values (or disable the module with ovm-chkconfig) and run again.\n`;
  }
  const total = report.modules.length;
  const took = seconds(report.durationMs);
  const warnings = report.warnings.map((w) => `warning: ${w}\n`).join('');
  if (report.dryRun) {
    return `${warnings}Dry run of ${report.target}: ${count(report, 'planned')} planned, ${count(report, 'no plan')} without a plan, ${count(report, 'failed') + count(report, 'timeout')} failed, in ${took}. Nothing was changed.\n`;
  }
  const failed = report.modules.filter((m) => m.status !== 'ok');
  if (failed.length === 0) {
    return `${warnings}${report.target}: ${total === 1 ? 'the module' : `all ${total} modules`} succeeded in ${took}.\n`;
  }
  const log = join(report.root, LOG_PATH);
  const others = total - failed.length;
  const which = failed.map((m) => `${m.name} ${m.status === 'timeout' ? 'timed out' : m.status}`).join(', ');
  const rest = others === 0 ? '' : `; the other ${others === 1 ? 'module' : `${others} modules`} succeeded`;
  const head = total === 1 ? 'the module did not succeed' : `${failed.length} of ${modules(total)} did not succeed`;
  return `${warnings}${report.target}: ${head} (${which}) in ${took}${rest}. ` +
    `${failed.length === 1 ? 'Its' : 'Their'} messages are in ${log}.\n`;
}
