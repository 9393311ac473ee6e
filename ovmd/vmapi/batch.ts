// Batch files for the host side, read by the one batch reader that ovm-template-config --stdin
// uses too (template.d/params/batch-file.ts), then held to the channel's limits. Every problem
// of the file is listed at once, each with its line, and nothing is sent when there is one.
import { BatchError, readBatch } from '../../template.d/params/batch-file.js';
import { checkMessage, MessageError, type Message } from './message.js';

/** Parses a batch; throws MessageError listing every line or key at fault. */
export function parseBatch(text: string): Message[] {
  let entries;
  try {
    entries = readBatch(text);
  } catch (error) {
    if (error instanceof BatchError) throw new MessageError(error.message);
    throw error;
  }
  if (entries.length === 0) throw new MessageError('the batch holds no message');
  const problems: string[] = [];
  for (const { key, value, line } of entries) {
    try {
      checkMessage({ key, value });
    } catch (error) {
      if (!(error instanceof MessageError)) throw error;
      problems.push(line > 0 ? `line ${line}: ${error.reason}` : error.reason);
    }
  }
  if (problems.length) throw new MessageError(new BatchError(problems).message);
  return entries.map(({ key, value }) => ({ key, value }));
}
