// Turns "this file should now contain X" into a Change, or into nothing when the file already
// says X, so a re-run of the same batch plans and changes nothing.
import type { Change, RootFiles } from '../lib/types.js';

/** Why: every file the module writes goes through here, so idempotence holds everywhere. */
export function writeIfChanged(files: RootFiles, path: string, content: string, why: string, mode?: number): Change[] {
  const old = files.read(path);
  const oldMode = files.stat(path)?.mode;
  const modeOk = mode === undefined || oldMode === undefined || (oldMode & 0o7777) === mode;
  if (old === content && modeOk) return [];
  return [{ kind: 'write', path, content, why, ...(mode !== undefined ? { mode } : {}) }];
}
