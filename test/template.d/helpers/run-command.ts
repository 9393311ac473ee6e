// Runs a built command and collects what a user sees: exit status, stdout, stderr. Extra file
// descriptors (fd 3, 4, ...) can be fed and read, for --input FD / --output FD.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the command wrote to each extra descriptor, by fd number. */
  fds: Record<number, string>;
}

export interface CommandOptions {
  stdin?: string;
  /** Text fed to extra descriptors: { 3: '{"a":"b"}' }. */
  feed?: Record<number, string>;
  /** Extra descriptors to read back: [4]. */
  collect?: number[];
  env?: NodeJS.ProcessEnv;
}

function collectText(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8').on('data', (c: string) => (text += c));
    stream.on('close', () => resolve(text));
  });
}

/** Why: one way for every black-box test to run a command, with no shell in between. */
export async function runCommand(path: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const extra = [...Object.keys(options.feed ?? {}).map(Number), ...(options.collect ?? [])];
  const highest = Math.max(2, ...extra);
  const stdio = Array.from({ length: highest + 1 }, (_, fd) => (fd <= 2 || extra.includes(fd) ? 'pipe' : 'ignore'));
  const child = spawn(path, args, { stdio: stdio as ('pipe' | 'ignore')[], env: options.env ?? process.env });
  const stdout = collectText(child.stdout!);
  const stderr = collectText(child.stderr!);
  const fds: Record<number, Promise<string>> = {};
  for (const fd of options.collect ?? []) fds[fd] = collectText(child.stdio[fd] as Readable);
  for (const [fd, text] of Object.entries(options.feed ?? {})) {
    const stream = child.stdio[Number(fd)] as Writable;
    stream.on('error', () => undefined);
    stream.end(text);
  }
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(options.stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const collected: Record<number, string> = {};
  for (const [fd, p] of Object.entries(fds)) collected[Number(fd)] = await p;
  return { code, stdout: await stdout, stderr: await stderr, fds: collected };
}
