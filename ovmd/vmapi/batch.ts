// Batch files for the host side: a JSON object (keys in file order) or key=value lines (blank
// lines and # comments skipped; the value is everything after the first "="). Every message
// is checked against the channel limits before anything is sent.
import { checkMessage, MessageError, type Message } from './message.js';

/** Parses a batch; throws MessageError naming the line or key at fault. */
export function parseBatch(text: string): Message[] {
  const messages = text.trimStart().startsWith('{') ? parseJsonBatch(text) : parseLineBatch(text);
  if (messages.length === 0) throw new MessageError('the batch holds no message');
  for (const m of messages) checkMessage(m);
  return messages;
}

function parseJsonBatch(text: string): Message[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MessageError(`the batch is not valid JSON: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new MessageError('a JSON batch must be one object of key: value');
  return Object.entries(data as Record<string, unknown>).map(([key, value]) => {
    if (typeof value === 'string') return { key, value };
    if (typeof value === 'number' || typeof value === 'boolean') return { key, value: String(value) };
    throw new MessageError(`the value of "${key}" must be a string, a number or a boolean`);
  });
}

function parseLineBatch(text: string): Message[] {
  const out: Message[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) throw new MessageError(`line ${i + 1}: expected key=value`);
    out.push({ key: line.slice(0, at).trim(), value: line.slice(at + 1) });
  }
  return out;
}
