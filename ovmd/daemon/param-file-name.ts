// The file name a stored parameter key gets: shared by the store (param-store.ts) and the seal
// (seal.ts), which both name files in the parameter directory, without importing each other.
import { createHash } from 'node:crypto';

/** Why: file name for a key: readable when short, a hash when the encoded name would be too long. */
export function fileNameFor(key: string): string {
  const encoded = encodeURIComponent(key);
  if (encoded.length <= 200) return `k-${encoded}`;
  return `h-${createHash('sha256').update(key).digest('hex')}`;
}
