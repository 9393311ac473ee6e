// How a module process is started. Normally the kernel follows the script's #! line. Oracle's own
// modules begin with `#!/usr/bin/python`, which current distributions no longer ship (only
// python3); when a module names a Python 2-era interpreter that does not exist, it is started
// with python3 instead, which the templateconfig package supports.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { readScriptHead } from '../chkconfig/state.js';
import { findTool } from './tool-path.js';

export interface Launch {
  command: string;
  /** Arguments before the module's own (the script path, when an interpreter is substituted). */
  args: string[];
}

const OLD_PYTHON = /^python2?(\.\d+)?$/;

/** The interpreter a #! line asks for, and whether it can be found. */
function interpreterOf(firstLine: string): { name: string; found: boolean } | undefined {
  const words = firstLine.slice(2).trim().split(/\s+/);
  if (!words[0]) return undefined;
  if (basename(words[0]) === 'env' && words[1]) return { name: words[1], found: findTool(words[1]) !== undefined };
  return { name: basename(words[0]), found: existsSync(words[0]) };
}

/** Why: keeps Oracle-era Python modules running unchanged on systems without /usr/bin/python. */
export function launchFor(scriptPath: string): Launch {
  const direct = { command: scriptPath, args: [] };
  const head = readScriptHead(scriptPath);
  if (!head?.startsWith('#!')) return direct;
  const interpreter = interpreterOf(head.split('\n', 1)[0]!);
  if (!interpreter || interpreter.found || !OLD_PYTHON.test(interpreter.name)) return direct;
  // Found on the fixed PATH, as `#!/usr/bin/env` would find it in the module's environment.
  const python3 = findTool('python3') ?? '/usr/bin/python3';
  return { command: python3, args: [scriptPath] };
}

/** A spawn ENOENT explained: the script is gone, or its #! interpreter is missing. */
export function explainNotFound(scriptPath: string): string {
  if (!existsSync(scriptPath)) return 'the script is missing (a link to a deleted script? see ovm-chkconfig --list)';
  const first = readScriptHead(scriptPath)?.split('\n', 1)[0] ?? '';
  return first.startsWith('#!') ? `its interpreter was not found (the script starts with "${first}")` : 'it has no #! line and is not a binary';
}
