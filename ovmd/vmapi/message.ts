// Pure rules for one channel message: limits, chunking, reassembly and counter parsing.
// Kept free of I/O so both ends (guest daemon, host tool) share exactly the same checks.
import { keyNameProblem, showKey } from '../../template.d/params/key-name.js';
import { CHUNK_MAX_BYTES, VALUE_MAX_BYTES } from './layout.js';

/** One channel message: a key and its value, both text. */
export interface Message {
  key: string;
  value: string;
}

/** A message that breaks the channel's rules; `reason` is a sentence a user can act on. */
export class MessageError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MessageError';
  }
}

/**
 * Throws MessageError when the key or value cannot travel through the channel. The key must
 * also pass the project's key-name rule (no blanks, control characters or "="), so a key that
 * could pose as another in a `key=value` listing is refused at both ends.
 */
export function checkMessage(message: Message): void {
  const { key, value } = message;
  const problem = keyNameProblem(key);
  if (problem !== undefined) throw new MessageError(problem);
  if (value.includes('\0')) throw new MessageError(`the value of ${showKey(key)}: NUL characters cannot be sent`);
  const valueBytes = Buffer.byteLength(value, 'utf8');
  if (valueBytes > VALUE_MAX_BYTES) {
    throw new MessageError(`the value of ${showKey(key)} is ${valueBytes} bytes; the channel allows at most ${VALUE_MAX_BYTES}`);
  }
}

/** Splits a value into chunks of at most `size` bytes; an empty value is one empty chunk. */
export function splitValue(value: string, size = CHUNK_MAX_BYTES): Buffer[] {
  if (size < 1 || size > CHUNK_MAX_BYTES) throw new RangeError(`chunk size ${size} out of range`);
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length === 0) return [Buffer.alloc(0)];
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/**
 * Orders a message node's children as chunk indexes 0..count-1. Returns undefined when the
 * names are not exactly that sequence (a gap, a non-number, no chunk at all), which makes the
 * message unreadable rather than silently truncated.
 */
export function chunkOrder(children: string[]): number[] | undefined {
  if (children.length === 0) return undefined;
  const indexes = children.map(parseCounter);
  if (indexes.some((i) => i === undefined)) return undefined;
  const sorted = (indexes as number[]).sort((a, b) => a - b);
  return sorted.every((n, i) => n === i) ? sorted : undefined;
}

/** Joins raw chunks back into the value (bytes first, so a split UTF-8 sequence survives). */
export function joinChunks(chunks: Buffer[]): string {
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses an unsigned decimal counter or message number; anything else is undefined. */
export function parseCounter(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** A short, printable excerpt of a possibly huge or odd key, for error messages. */
export function preview(text: string, max = 60): string {
  const clean = text.replace(/[\0-\x1f\x7f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
