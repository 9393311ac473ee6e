// The PromptDriver for a terminal that understands nothing but plain text (TERM=dumb or no
// TERM, e.g. a bare serial line): every question is printed once, answers are echoed character
// by character, Backspace erases with "\b \b", and nothing is ever redrawn. The terminal is put
// in raw mode before a question is printed, so a secret typed early is never echoed by the
// kernel; raw mode has no output processing, hence "\r\n".
import type { ReadStream } from 'node:tty';
import { DialogClosed, type PromptDriver, type Shown, type Validate } from './driver.js';

/** Streams and signal of the line driver; the process's terminal by default. */
export interface LineDriverOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** What a keypress means to the line being typed. */
export type Key = { kind: 'char'; ch: string } | { kind: 'enter' | 'erase' | 'kill' | 'interrupt' | 'ignore' };

/** Why: one byte sequence of a keypress to what it means here (escape sequences are ignored). */
export function classify(ch: string): Key {
  if (ch === '\r' || ch === '\n') return { kind: 'enter' };
  if (ch === '\u007f' || ch === '\b') return { kind: 'erase' };
  if (ch === '\u0015') return { kind: 'kill' };
  if (ch === '\u0003') return { kind: 'interrupt' };
  if (/[\u0000-\u001f\u0080-\u009f]/.test(ch)) return { kind: 'ignore' };
  return { kind: 'char', ch };
}

/**
 * Why: picks the plain driver when the terminal cannot be trusted with inquirer's redrawing.
 * That includes the DEC vt types: systemd gives a service on /dev/console TERM=vt220 when the
 * console is a serial line (hvc0 on a Xen PV guest, ttyS0), and inquirer moves the cursor with
 * CHA (CSI n G), which the VT100 and VT220 do not have.
 */
export function wantsPlainTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  const term = (env.TERM ?? '').trim();
  return term === '' || term === 'dumb' || term === 'unknown' || /^vt[0-9]+/.test(term);
}

interface LineState {
  buffer: string;
  inEscape: boolean;
}

/** Why: one typed character applied to the line: what to echo, and whether the line ended. */
export function applyChar(state: LineState, ch: string, echo: boolean): { show: string; end?: 'enter' | 'interrupt' } {
  if (state.inEscape) {
    state.inEscape = !/[A-Za-z~]/.test(ch); // an escape sequence (arrow key...) ends with a letter or ~
    return { show: '' };
  }
  if (ch === '\u001b') {
    state.inEscape = true;
    return { show: '' };
  }
  const key = classify(ch);
  if (key.kind === 'enter' || key.kind === 'interrupt') return { show: '\r\n', end: key.kind };
  const length = [...state.buffer].length;
  if (key.kind === 'erase' && length > 0) {
    state.buffer = [...state.buffer].slice(0, -1).join('');
    return { show: echo ? '\b \b' : '' };
  }
  if (key.kind === 'kill') {
    state.buffer = '';
    return { show: echo ? '\b \b'.repeat(length) : '' };
  }
  if (key.kind !== 'char') return { show: '' };
  state.buffer += key.ch;
  return { show: echo ? key.ch : '' };
}

interface Io {
  input: ReadStream;
  write: (text: string) => void;
  signal?: AbortSignal;
  /** Keys that arrived after the Enter ending the previous line (typed or pasted ahead). */
  ahead: string;
}

/**
 * Why: on Enter, the echoed answer becomes what `shown` says (`2` -> `static`, nothing ->
 * the value Enter takes), erased the way Backspace erases, so nothing is redrawn.
 */
export function answeredEcho(typed: string, shown: Shown): string {
  const want = shown(typed);
  return want === typed ? '' : '\b \b'.repeat([...typed].length) + want;
}

/** Reads one line in raw mode, echoing only when `echo`; raw mode is set before the prompt. */
function readLine(io: Io, prompt: string, echo: boolean, shown?: Shown): Promise<string> {
  return new Promise((resolve, reject) => {
    if (io.signal?.aborted) return reject(new DialogClosed('the dialog was closed'));
    const { input, write } = io;
    const wasRaw = input.isRaw ?? false;
    const state: LineState = { buffer: '', inEscape: false };
    let done = false;
    const finish = (then: () => void) => {
      done = true;
      input.off('data', onData);
      input.off('end', onEnd);
      io.signal?.removeEventListener('abort', onAbort);
      input.setRawMode?.(wasRaw);
      input.pause();
      then();
    };
    const onAbort = () => finish(() => (write('\r\n'), reject(new DialogClosed('the dialog was closed'))));
    // A hung-up line ends the input: say so instead of waiting for keys that cannot come.
    const onEnd = () => finish(() => (write('\r\n'), reject(new DialogClosed('the terminal was closed (end of input)'))));
    const onData = (chunk: Buffer | string) => {
      const chars = [...chunk.toString()];
      for (const [i, ch] of chars.entries()) {
        const { show, end } = applyChar(state, ch, echo);
        if (end === 'enter' && echo && shown) write(answeredEcho(state.buffer, shown));
        write(show);
        if (end === 'enter') io.ahead = chars.slice(i + 1).join('');
        if (end === 'enter') return finish(() => resolve(state.buffer));
        if (end === 'interrupt') return finish(() => reject(new DialogClosed('the dialog was interrupted (Ctrl-C)')));
      }
    };
    input.setRawMode?.(true);
    io.signal?.addEventListener('abort', onAbort);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
    write(prompt);
    const ahead = io.ahead;
    io.ahead = '';
    if (ahead && !done) onData(ahead);
  });
}

/** Why: the dialog's driver where escape sequences cannot be used (see wantsPlainTerminal). */
export function lineDriver(options: LineDriverOptions = {}): PromptDriver {
  const output = options.output ?? process.stdout;
  const write = (text: string) => void (text && output.write(text));
  const io: Io = { input: (options.input ?? process.stdin) as ReadStream, write, signal: options.signal, ahead: '' };
  const ask = async (message: string, validate: Validate, echo: boolean, shown?: Shown): Promise<string> => {
    for (;;) {
      const value = await readLine(io, `? ${message} `, echo, shown);
      const problem = validate(value);
      if (problem === undefined) return value;
      write(`  ! ${problem}\n`);
    }
  };
  return {
    text: (message, validate, shown) => ask(message, validate, true, shown),
    secret: (message, validate) => ask(`${message} (typing is not shown)`, validate, false),
    note: (line) => write(`${line}\n`),
  };
}
