// `ovmd -p KEY` (no "=VALUE") on a terminal: the value is asked like passwd asks a password,
// twice and never echoed, so it never appears in the process list, the shell history, the
// screen or a log. The two entries must match (three tries); an empty entry is asked again
// (`-p KEY=` stores an empty value on purpose). Prompts go to standard error, so standard
// output keeps only what -p reports. Without a terminal the value is read from standard input
// as before (ovmd.ts).
import { DialogClosed } from '../../template.d/console/driver.js';
import { lineDriver } from '../../template.d/console/line-driver.js';
import { keyNameProblem, showKey } from '../../template.d/params/key-name.js';
import { splitAssignment } from './ovmd-actions.js';

/** How many times the two entries may differ before -p gives up. */
export const TRIES = 3;

/** Streams of the prompt: the process's terminal by default. */
export interface AskStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/**
 * Why: the one key of `-p KEY` that needs its value typed, or undefined when none does (every
 * pair has "=", or more than one lacks it: setParams then says why).
 */
export function keyToAsk(pairs: string[]): string | undefined {
  const bare = pairs.filter((p) => !p.includes('=') && p !== '').map((p) => splitAssignment(p).key);
  return bare.length === 1 ? bare[0] : undefined;
}

/** Why: asks the value of `key` twice without echo; throws (nothing stored) when it cannot. */
export async function askValueTwice(key: string, streams: AskStreams = {}): Promise<string> {
  const problem = keyNameProblem(key);
  if (problem !== undefined) throw new Error(`${problem}; nothing was asked or stored`);
  const driver = lineDriver({ input: streams.input ?? process.stdin, output: streams.output ?? process.stderr });
  const notEmpty = (v: string) => (v === '' ? 'an empty value is not stored this way (use -p KEY= for that); type the value, or Ctrl-C to stop' : undefined);
  try {
    for (let attempt = 1; attempt <= TRIES; attempt++) {
      const first = await driver.secret(`Value of ${showKey(key)}:`, notEmpty);
      const again = await driver.secret('Type it again to confirm:', () => undefined);
      if (again === first) return first;
      driver.note(attempt < TRIES ? 'The two entries differ; type the value again.' : 'The two entries differ.');
    }
  } catch (error) {
    if (!(error instanceof DialogClosed)) throw error;
    throw new Error(`-p ${showKey(key)}: ${error.message.replace('the dialog was', 'the question was')}; nothing was stored`);
  }
  throw new Error(`-p ${showKey(key)}: the two entries differed ${TRIES} times; nothing was stored`);
}
