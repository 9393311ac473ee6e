// `ovm-template-config --check <target>`: is this batch good? Read it the way a run would
// (--stdin, --input, the OVF ISO), then validate and plan it exactly as the run's first phase
// does (template.d/plan), with nothing changed and nothing logged, and without needing the
// trigger (a module whose required key is missing is named as one that would not run). Also
// warns about what a run would silently pass over: keys under com.oracle.linux. that no
// installed module declares (with the nearest declared key), and the modules' own warnings,
// such as a firewall value that is neither True nor False.
import { describeRefusal } from '../params/refusal.js';
import { readSources } from '../params/sources.js';
import { installedDescriptors } from '../plan/installed-descriptors.js';
import { unknownKeyWarnings } from '../plan/key-hints.js';
import { enumerateTarget } from '../runner/enumerate.js';
import { runTarget } from '../runner/run-target.js';
import type { RunReport } from '../runner/types.js';
import { EXIT } from './exit-codes.js';
import { inputSecretKeys, sourcesOf } from './template-config-run.js';
import type { TemplateConfigOptions } from './template-config-options.js';

/** The warnings modules gave while planning (a `warning:` line), named by module. */
function moduleWarnings(report: RunReport): string[] {
  return report.modules.flatMap((m) =>
    (m.messages ?? []).filter((l) => l.startsWith('warning:')).map((l) => `module ${m.name}: ${l.slice(8).trim()}`),
  );
}

/** Modules that would not run, and why (a missing required key, a failed enumeration). */
function notRunNotes(report: RunReport): string[] {
  return report.modules.filter((m) => m.status === 'not run' || (m.status === 'failed' && m.error?.startsWith('not run'))).map((m) => `${m.name}: ${m.error ?? 'would not run'}`);
}

function render(report: RunReport, count: number, warnings: string[], notes: string[]): string {
  const modules = report.modules.length;
  const head = `Checked ${count} parameter${count === 1 ? '' : 's'} against ${modules} module${modules === 1 ? '' : 's'} for ${report.target}; nothing was changed.`;
  const verdict =
    report.status === 'invalid'
      ? [`The batch would be refused (${report.errors.length} reason${report.errors.length === 1 ? '' : 's'}):`, ...report.errors.map((e) => `  ${describeRefusal(e)}`)]
      : ['No module refuses the batch.'];
  return [head, ...verdict, ...warnings.map((w) => `warning: ${w}`), ...notes.map((n) => `note: ${n}`)].join('\n') + '\n';
}

/** Why: validate a batch before sending it, with the run's own checks and without its side effects. */
export async function checkCommand(options: TemplateConfigOptions): Promise<number> {
  const enumeration = await enumerateTarget(options);
  const sources = await sourcesOf(options);
  const modules = enumeration.map((e) => ({ name: e.name, descriptors: e.descriptors }));
  const params = await readSources(sources, { target: options.target, modules });
  const report = await runTarget({ ...options, dryRun: true, params, enumeration, extraSecretKeys: inputSecretKeys(sources) });
  const known = [...enumeration.flatMap((e) => e.descriptors), ...(await installedDescriptors(options.root))];
  const warnings = [...unknownKeyWarnings(params, known), ...moduleWarnings(report), ...report.warnings];
  const notes = notRunNotes(report);
  if (options.json) {
    const out = { target: report.target, root: report.root, status: report.status, errors: report.errors, warnings, notRun: notes };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(render(report, Object.keys(params).length, warnings, notes));
  }
  if (report.status === 'invalid') return EXIT.invalidParams;
  return report.status === 'ok' ? EXIT.ok : EXIT.moduleFailed;
}
