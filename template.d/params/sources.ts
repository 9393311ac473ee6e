// Where a run's parameter set comes from. Each source is one small object behind the same
// interface: --stdin and --input FD here, the OVF environment ISO in template.d/ovf/ and the
// console dialog in template.d/console/. Sources are read in turn, each seeing the set the
// earlier ones produced (the dialog offers those values and follows their depends/requires).
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Params, Target } from './descriptor.js';
import { BatchError, readBatch } from './batch-file.js';
import type { ModuleDescriptors } from './validate-set.js';

export interface ParamSourceContext {
  target: Target;
  /** The enabled modules' descriptors, in run order (a console dialog prompts in this order). */
  modules: ModuleDescriptors[];
  /** The set read from the sources before this one (readSources passes it; empty or absent for the first). */
  params?: Params;
  /** Keys of `params` that those sources marked secret (their values are never shown). */
  secretKeys?: string[];
}

/** Why: the seam every way of getting parameters plugs into. */
export interface ParamSource {
  /** Shown in error messages, e.g. "stdin" or "file descriptor 3". */
  readonly name: string;
  read(context: ParamSourceContext): Promise<Params>;
  /** Keys the input itself marks as secret (an OVF property with ovf:password), known after read. */
  secretKeys?(): string[];
}

/** Bad parameter input: the message names the source and what to fix. */
export class ParamInputError extends Error {
  override name = 'ParamInputError';
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Why: `--stdin` and `--input` read batches with the one batch reader (batch-file.ts); a later key wins. */
export function parseParamText(text: string, origin: string, jsonOnly = false): Params {
  try {
    // fromEntries defines each key as its own property, so even "__proto__" is kept as a key.
    return Object.fromEntries(readBatch(text, { jsonOnly }).map((e) => [e.key, e.value]));
  } catch (error) {
    if (!(error instanceof BatchError)) throw error;
    const form = jsonOnly ? 'a JSON object of "key": "value" pairs' : 'a JSON object, or key=value lines';
    throw new ParamInputError(`${origin}: ${error.message}${error.problems.length > 1 ? '' : ' '}(${form})`);
  }
}

/**
 * `--stdin`: JSON or key=value lines. `onTerminal` is called before reading when standard input
 * is a terminal, where nothing would otherwise say that the command waits for typing.
 */
export function stdinSource(stream: Readable & { isTTY?: boolean } = process.stdin, onTerminal?: () => void): ParamSource {
  return {
    name: 'stdin',
    read: async () => {
      if (stream.isTTY) onTerminal?.();
      return parseParamText(await readAll(stream), 'stdin');
    },
  };
}

/** `--input FD`: a JSON object read from an inherited file descriptor. */
export function fdSource(fd: number): ParamSource {
  const name = `file descriptor ${fd}`;
  return {
    name,
    read: async () => {
      try {
        return parseParamText(await readAll(createReadStream('', { fd, autoClose: true })), name, true);
      } catch (error) {
        if (error instanceof ParamInputError) throw error;
        throw new ParamInputError(`${name}: cannot read (${(error as Error).message}); is it open?`);
      }
    },
  };
}

/** Why: several sources may be given; later ones override earlier keys and see what came before. */
export async function readSources(sources: ParamSource[], context: Omit<ParamSourceContext, 'params' | 'secretKeys'>): Promise<Params> {
  let params: Params = {};
  const secretKeys: string[] = [];
  for (const source of sources) {
    params = { ...params, ...(await source.read({ ...context, params: { ...params }, secretKeys: [...secretKeys] })) };
    secretKeys.push(...(source.secretKeys?.() ?? []));
  }
  return params;
}
