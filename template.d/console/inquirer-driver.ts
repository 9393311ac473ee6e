// The PromptDriver on inquirer's prompt functions (inquirer@14: input, password, rawlist).
// Made for a serial console: no colours, ASCII marks, choices picked by typing their number
// (rawlist) rather than with arrow keys, a secret never echoed (not even as stars) and never
// revealable. An AbortSignal closes the open question at once (first boot: the host won).
import inquirer from 'inquirer';
import { DialogClosed, type Choice, type PromptDriver, type Validate } from './driver.js';

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

/** While a choice is open, its line says how to answer; once answered, only the answer shows. */
const CHOICE_THEME = {
  ...PLAIN_THEME,
  style: { ...PLAIN_THEME.style, message: (text: string, status: string) => (status === 'done' ? text : `${text} (type a number)`) },
};

function prompt(name: 'input' | 'password' | 'rawlist'): PromptFn {
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
  const ask = async (name: 'input' | 'password' | 'rawlist', config: Record<string, unknown>): Promise<string> => {
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
    text: (message, validate) => ask('input', { message, validate: toInquirer(validate), theme: { ...PLAIN_THEME, validationFailureMode: 'clear' } }),
    secret: (message, validate) => ask('password', { message, mask: false, toggleMask: false, validate: toInquirer(validate) }),
    choose: (message: string, choices: Choice[]) =>
      ask('rawlist', { message, choices: choices.map((c) => ({ value: c.value, name: c.label })), theme: CHOICE_THEME }),
    note: (line) => void output.write(`${line}\n`),
  };
}
