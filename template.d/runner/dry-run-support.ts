// Whether a module opted into dry runs with the `# dry-run: yes` header line
// (docs/module-protocol.md, "Dry run"). A module without it is never run in a dry run.
import { parseHeader } from '../header/parse-header.js';
import { readScriptHead } from '../chkconfig/state.js';

/** Why: running a module that does not know --dry-run would make real changes. */
export function supportsDryRun(scriptPath: string): boolean {
  const text = readScriptHead(scriptPath);
  if (text === undefined) return false;
  const parsed = parseHeader(text);
  return parsed.ok && parsed.header.dryRun;
}
