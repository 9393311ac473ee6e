// The line printed as each module starts and finishes, one format for every place a run is
// watched: ovm-template-config's output and the console during ovmd's first boot (the daemon's
// log takes the same text without the indent). Pure.
import type { ProgressEvent } from '../runner/types.js';
import { renderModuleLine } from './run-report.js';

/** Why: `  running  50 network              (4/7)` as a module starts, its result line as it ends. */
export function renderProgressLine(event: ProgressEvent): string {
  if (event.type === 'finish') return renderModuleLine(event.report);
  const at = `${event.index + 1}/${event.total}`;
  return `  ${'running'.padEnd(8)} ${String(event.priority).padStart(2, '0')} ${event.name.padEnd(20)} (${at})\n`;
}
