// The PromptDriver for a terminal that understands nothing but plain text (TERM=dumb or no
// TERM, e.g. a bare serial line): every question is printed once, answers are echoed character
// by character, Backspace erases with "\b \b", and nothing is ever redrawn. The terminal is put
// in raw mode before a question is printed, so a secret typed early is never echoed by the
// kernel; raw mode has no output processing, hence "\r\n".
import type { ReadStream } from 'node:tty';
import { DialogClosed, type Choice, type PromptDriver, type Validate } from './driver.js';

export interface LineDriverOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

type Key = { kind: 'char'; ch: string } | { kind: 'enter' | 'erase' | 'kill' | 'interrupt' | 'ignore' };

/** Why: one byte sequence of a keypress to what it means here (escape sequences are ignored). */
export function classify(ch: string): Key {
  if (ch === '\r' || ch === '\n') return { kind: 'enter' };
  if (ch === '\u007f' || ch === '\b') return { kind: 'erase' };
  if (ch === '\u0015') return { kind: 'kill' };
  if (ch === '\u0003') return { kind: 'interrupt' };
  if (/[\u0000-\u001f\u0080-\u009f]/.test(ch)) return { kind: 'ignore' };
  return { kind: 'char', ch };
}

/** Why: picks the plain driver when the terminal cannot be trusted with escape sequences. */
export function wantsPlainTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  const term = (env.TERM ?? '').trim();
  return term === '' || term === 'dumb' || term === 'unknown';
}

export function lineDriver(options: LineDriverOptions = {}): PromptDriver {
  const input = (options.input ?? process.stdin) as ReadStream;
  const output = options.output ?? process.stdout;
  const write = (text: string) => void output.write(text);

  const readLine = (prompt: string, echo: boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(new DialogClosed('the dialog was closed'));
      const wasRaw = input.isRaw ?? false;
      input.setRawMode?.(true);
      let buffer = '';
      let inEscape = false;
      const finish = (then: () => void) => {
        input.off('data', onData);
        options.signal?.removeEventListener('abort', onAbort);
        input.setRawMode?.(wasRaw);
        input.pause();
        then();
      };
      const onAbort = () => finish(() => (write('\r\n'), reject(new DialogClosed('the dialog was closed'))));
      const onData = (chunk: Buffer | string) => {
        for (const ch of chunk.toString()) {
          if (inEscape) {
            inEscape = !/[A-Za-z~]/.test(ch);
            continue;
          }
          if (ch === '\u001b') {
            inEscape = true;
            continue;
          }
          const key = classify(ch);
          if (key.kind === 'enter') return finish(() => (write('\r\n'), resolve(buffer)));
          if (key.kind === 'interrupt') return finish(() => (write('\r\n'), reject(new DialogClosed('the dialog was interrupted (Ctrl-C)'))));
          if (key.kind === 'erase' && buffer !== '') {
            buffer = [...buffer].slice(0, -1).join('');
            if (echo) write('\b \b');
          } else if (key.kind === 'kill') {
            if (echo) write('\b \b'.repeat([...buffer].length));
            buffer = '';
          } else if (key.kind === 'char') {
            buffer += key.ch;
            if (echo) write(key.ch);
          }
        }
      };
      options.signal?.addEventListener('abort', onAbort);
      input.on('data', onData);
      input.resume();
      write(prompt);
    });

  const ask = async (message: string, validate: Validate, echo: boolean): Promise<string> => {
    for (;;) {
      const value = await readLine(`? ${message} `, echo);
      const problem = validate(value);
      if (problem === undefined) return value;
      write(`  ! ${problem}\n`);
    }
  };

  return {
    text: (message, validate) => ask(message, validate, true),
    secret: (message, validate) => ask(`${message} (typing is not shown)`, validate, false),
    choose: async (message: string, choices: Choice[]) => {
      const listed = choices.map((c, i) => `${i + 1}) ${c.label}`).join('   ');
      write(`  ${listed}\n`);
      const range = (v: string) => (/^[0-9]+$/.test(v.trim()) && choices[Number(v) - 1] ? undefined : `type a number from 1 to ${choices.length}`);
      const picked = await ask(`${message} (type a number)`, range, true);
      return choices[Number(picked) - 1]!.value;
    },
    note: (line) => write(`${line}\n`),
  };
}
