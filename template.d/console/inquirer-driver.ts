// The PromptDriver on inquirer's prompt functions (inquirer@14: input, password). Made for a
// serial console: no colours, ASCII marks, choices answered by typing (the dialog lists them and
// reads a number or a value, exactly as with the line driver) rather than with arrow keys, a
// secret never echoed (not even as stars) and never revealable. An AbortSignal closes the open question at once (first boot: the host won).
import inquirer from 'inquirer';
import { DialogClosed, type PromptDriver, type Validate } from './driver.js';

type PromptFn = (config: Record<string, unknown>, context: Record<string, unknown>) => Promise<string>;

const plain = (text: string) => text;

/** Inquirer's theme with every colour and non-ASCII mark replaced. */
export const PLAIN_THEME = {
  prefix: { idle: '?', done: '*' },
  spinner: { interval: 250, frames: ['.'] },
  style: {
    answer: plain,
    message: plain,
    error: (text: string) => `  ! ${text}`,
    defaultAnswer: (text: string) => `(${text})`,
    help: plain,
    highlight: plain,
    key: (text: string) => `<${text}>`,
    description: plain,
    maskedText: '(typing is not shown)',
    keysHelpTip: () => undefined,
  },
};

function prompt(name: 'input' | 'password'): PromptFn {
  return inquirer.prompt.prompts[name] as unknown as PromptFn;
}

/** Streams and signal of the inquirer driver; the process's terminal by default. */
export interface InquirerDriverOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

function toInquirer(validate: Validate) {
  return (value: string) => validate(value) ?? true;
}

/** Why: the driver users get on a terminal; every prompt shares streams, theme and signal. */
export function inquirerDriver(options: InquirerDriverOptions = {}): PromptDriver {
  const output = options.output ?? process.stdout;
  const context = { input: options.input ?? process.stdin, output, signal: options.signal, clearPromptOnDone: false };
  const ask = async (name: 'input' | 'password', config: Record<string, unknown>): Promise<string> => {
    if (options.signal?.aborted) throw new DialogClosed('the dialog was closed');
    try {
      return await prompt(name)({ theme: PLAIN_THEME, ...config }, context);
    } catch (error) {
      const kind = (error as Error).name;
      if (kind === 'AbortPromptError') throw new DialogClosed('the dialog was closed');
      if (kind === 'ExitPromptError') throw new DialogClosed('the dialog was interrupted (Ctrl-C, or the terminal was closed)');
      throw error;
    }
  };
  return {
    // A refused answer is cleared, so the question is typed afresh (no line editing needed).
    text: (message, validate, shown) => {
      const transformer = (value: string, { isFinal }: { isFinal: boolean }) => (isFinal && shown ? shown(value) : value);
      return ask('input', { message, validate: toInquirer(validate), transformer, theme: { ...PLAIN_THEME, validationFailureMode: 'clear' } });
    },
    secret: (message, validate) => ask('password', { message, mask: false, toggleMask: false, validate: toInquirer(validate) }),
    note: (line) => void output.write(`${line}\n`),
  };
}
