// Whether a dialog can be held at all: both standard input and standard output must be a
// terminal (a pipe or /dev/null would make the questions unanswerable, or hang a boot).
import { ParamInputError } from '../params/sources.js';

/** The two streams whose TTY-ness decides whether a dialog can be held. */
export interface TerminalStreams {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean };
}

/** Why: names what is missing, so a script that passed --console-input by mistake learns why. */
export function terminalProblem(streams: TerminalStreams = process): string | undefined {
  if (!streams.stdin.isTTY && !streams.stdout.isTTY) return 'neither standard input nor standard output is a terminal';
  if (!streams.stdin.isTTY) return 'standard input is not a terminal';
  if (!streams.stdout.isTTY) return 'standard output is not a terminal';
  return undefined;
}

/** Why: `--console-input` refuses clearly without a terminal, before anything else happens. */
export function requireTerminal(streams: TerminalStreams = process): void {
  const problem = terminalProblem(streams);
  if (problem !== undefined) {
    throw new ParamInputError(`--console-input needs a terminal to ask its questions, but ${problem}; give the parameters with --stdin or --input FD instead`);
  }
}
