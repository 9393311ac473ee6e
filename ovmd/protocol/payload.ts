// Builders and parsers for request and reply payloads (XSDOC; shared spec xenstore.md §1.2).
// Strings are NUL-terminated; a WRITE value is raw bytes WITHOUT a terminating NUL.
import { ProtocolError } from './errors.js';

const NUL = Buffer.from([0]);

/** `s1\0s2\0...`: the form of every request argument list and of list replies. */
export function nulStrings(...parts: string[]): Buffer {
  let size = 0;
  for (const p of parts) size += Buffer.byteLength(p, 'utf8') + 1;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of parts) {
    at += out.write(p, at, 'utf8');
    out[at++] = 0;
  }
  return out;
}

/** WRITE payload: `path\0` then the raw value bytes (XSWIRE; a trailing NUL would be stored). */
export function writePayload(path: string, value: string | Buffer): Buffer {
  const v = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([Buffer.from(path, 'utf8'), NUL, v]);
}

/** Splits a NUL-separated list (DIRECTORY, GET_PERMS); an empty payload is an empty list. */
export function parseStringList(payload: Buffer): string[] {
  if (payload.length === 0) return [];
  const text = payload.toString('utf8');
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** A single NUL-terminated string reply (GET_DOMAIN_PATH, TRANSACTION_START, ERROR). */
export function parseString(payload: Buffer): string {
  const end = payload.indexOf(0);
  return payload.toString('utf8', 0, end === -1 ? payload.length : end);
}

/** TRANSACTION_START reply: the decimal transaction id plus NUL. */
export function parseTxId(payload: Buffer): number {
  const text = parseString(payload);
  const id = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(id) || id === 0 || id > 0xffffffff) {
    throw new ProtocolError(`TRANSACTION_START reply is not a transaction id: ${JSON.stringify(text)}`);
  }
  return id;
}

/** The ERROR reply's payload is the errno name plus NUL, e.g. "ENOENT\0". */
export function parseErrorName(payload: Buffer): string {
  const name = parseString(payload);
  return /^E[A-Z0-9]+$/.test(name) ? name : 'EIO';
}

/** An ERROR reply payload for `name` (used by test doubles and the guest bridge). */
export function errorPayload(name: string): Buffer {
  return nulStrings(name);
}

export interface WatchEvent {
  path: string;
  token: string;
}

/** WATCH_EVENT payload: `path\0token\0` (XSDOC). */
export function parseWatchEvent(payload: Buffer): WatchEvent {
  const parts = parseStringList(payload);
  if (parts.length < 2) {
    throw new ProtocolError(`malformed WATCH_EVENT payload: ${JSON.stringify(payload.toString('latin1'))}`);
  }
  return { path: parts[0]!, token: parts[1]! };
}
