// The one reader of batch files: `ovm-vmmessage --file` and `--stdin`, `ovm-template-config
// --stdin` and `--input`. A batch is one JSON object ({"key": "value", ...}) or key=value lines
// (kv-lines.ts: # comments, blank lines, blanks around keys and values, JSON strings). Every key
// passes the key-name rule. The whole file is read before anything is refused, so one error
// lists every problem with its line, not only the first.
import { keyNameProblem } from './key-name.js';
import { parseKvLine } from './kv-lines.js';

/** One parameter of a batch, with the line it came from (0 when it cannot be told). */
export interface BatchEntry {
  key: string;
  value: string;
  line: number;
}

/** A batch with problems; `problems` holds one sentence per problem, each naming its line. */
export class BatchError extends Error {
  override name = 'BatchError';
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}\n`);
  }
}

function at(line: number, text: string): string {
  return line > 0 ? `line ${line}: ${text}` : text;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function readLines(text: string, problems: string[]): BatchEntry[] {
  const entries: BatchEntry[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const parsed = parseKvLine(raw);
    if ('skip' in parsed) continue;
    if ('problem' in parsed) problems.push(at(i + 1, parsed.problem));
    else entries.push({ ...parsed, line: i + 1 });
  }
  return entries;
}

function parseJson(text: string, problems: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    problems.push(at(position === undefined ? 0 : lineOf(text, Number(position)), `not valid JSON (${message})`));
    return undefined;
  }
}

function readJson(text: string, problems: string[]): BatchEntry[] {
  const data = parseJson(text, problems);
  if (data === undefined) return [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push('a JSON batch must be one object of "key": "value" pairs');
    return [];
  }
  const entries: BatchEntry[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const found = text.indexOf(JSON.stringify(key));
    const line = found < 0 ? 0 : lineOf(text, found);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') entries.push({ key, value: String(value), line });
    else problems.push(at(line, `the value of "${key.slice(0, 80)}" must be a string, a number or a boolean`));
  }
  return entries;
}

/** Why: true when the text is read as JSON (its first non-blank character is "{"). */
export function isJsonBatch(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/**
 * Why: the batch's entries in file order, or a BatchError listing every problem. `jsonOnly`
 * refuses the line form (`--input` takes a JSON object, shared spec template-config.md).
 */
export function readBatch(input: string, options: { jsonOnly?: boolean } = {}): BatchEntry[] {
  const text = input.replace(/^\uFEFF/, ''); // the byte-order mark some Windows editors write
  const problems: string[] = [];
  if (options.jsonOnly && text.trim() !== '' && !isJsonBatch(text)) throw new BatchError(['expected one JSON object of "key": "value" pairs']);
  const entries = isJsonBatch(text) ? readJson(text, problems) : readLines(text, problems);
  for (const entry of entries) {
    const problem = keyNameProblem(entry.key);
    if (problem !== undefined) problems.push(at(entry.line, problem));
  }
  if (problems.length) throw new BatchError(problems.sort(byLine));
  return entries;
}

function byLine(a: string, b: string): number {
  const n = (s: string) => Number(/^line (\d+)/.exec(s)?.[1] ?? 0);
  return n(a) - n(b);
}
