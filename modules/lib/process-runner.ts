// The only file in the module SDK that imports execa (house style 8). Commands are argv arrays,
// never a shell line, so a value can never become a shell word; a secret reaches a command only
// on its stdin. Every command has a time limit, because a first boot must never hang. A command
// is looked up on the toolkit's fixed PATH only, and runs with a fixed environment: whatever
// PATH or variables the caller had never choose the program a root run executes.
import { findTool, SAFE_PATH } from '../../template.d/runner/tool-path.js';
import type { CommandRunner, RunOptions, RunResult } from './types.js';

/** Two minutes: far longer than any service start or key check should take. */
export const COMMAND_TIMEOUT_MS = 120_000;

/** Tools print stable, parseable text in the C locale; PATH is for the scripts tools run in turn. */
const TOOL_ENV = { PATH: SAFE_PATH, LC_ALL: 'C' };

/** Why: the real runner behind ctx.run and 'run' changes; failures come back as a result. */
export const runCommand: CommandRunner = async (argv: string[], options: RunOptions = {}): Promise<RunResult> => {
  if (argv.length === 0 || argv[0] === '') throw new Error('cannot run an empty command line');
  const program = findTool(argv[0]!);
  if (program === undefined) {
    return { exitCode: 127, stdout: '', stderr: `${argv[0]}: command not found (looked in ${SAFE_PATH})\n` };
  }
  // Loaded on first use: most module calls (--enumerate, --help) never start a process, and a
  // first boot runs every module, so their start-up time adds up.
  const { execa } = await import('execa');
  const result = await execa(program, argv.slice(1), {
    shell: false,
    reject: false,
    timeout: COMMAND_TIMEOUT_MS,
    env: TOOL_ENV,
    extendEnv: false,
    // The tool sees its own name as argv[0], as when a shell finds it.
    argv0: argv[0],
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    stripFinalNewline: false,
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.timedOut) return { exitCode: 124, stdout, stderr: `${stderr}timed out after ${COMMAND_TIMEOUT_MS / 1000} s\n` };
  if (result.exitCode === undefined) {
    // Not started (ENOENT: removed since it was found) or killed by a signal: 127 like a shell.
    const why = result.code === 'ENOENT' ? 'command not found' : (result.signal ?? result.shortMessage);
    return { exitCode: 127, stdout, stderr: `${stderr}${argv[0]}: ${why}\n` };
  }
  return { exitCode: result.exitCode, stdout, stderr };
};
