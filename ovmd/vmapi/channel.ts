// Reading and writing single messages in one direction of the channel (to-guest or
// from-guest). Both ends use these: the guest writes from-guest and reads to-guest, the host
// the other way round. Layout and order of writes: shared spec vmapi-channel.md.
import { LAST_WRITE, nodePath } from './layout.js';
import { checkMessage, chunkOrder, joinChunks, parseCounter, splitValue, type Message } from './message.js';
import { tryList, tryRead, tryReadText, type XsOps, type XsPort } from './xs-port.js';

/** The numbered message nodes present in a direction, plus any child that is not a number. */
export interface DirectionListing {
  numbers: number[];
  garbage: string[];
}

/**
 * A message node that could not be reassembled; `reason` explains why. `incomplete` marks a
 * message whose chunks are not (or no longer) all there: a host may still be writing them, or
 * another reader may be deleting the node, so the caller looks again before giving up.
 */
export type ReadResult = { ok: true; message: Message } | { ok: false; reason: string; key?: string; incomplete?: true };

const INCOMPLETE = 'its value chunks are missing or not numbered 0, 1, 2, …';

/** Lists message numbers in ascending order; `last-write` is neither a message nor garbage. */
export async function listMessages(xs: XsOps, dir: string): Promise<DirectionListing> {
  const numbers: number[] = [];
  const garbage: string[] = [];
  for (const name of await tryList(xs, dir)) {
    if (name === LAST_WRITE) continue;
    const n = parseCounter(name);
    if (n === undefined || String(n) !== name) garbage.push(name);
    else numbers.push(n);
  }
  return { numbers: numbers.sort((a, b) => a - b), garbage };
}

/** Reads the direction's counter: a number, 'missing', or 'malformed' with the raw text. */
export async function readCounter(
  xs: XsOps,
  dir: string,
): Promise<{ value?: number; raw?: string }> {
  const raw = await tryReadText(xs, nodePath(dir, LAST_WRITE));
  if (raw === undefined) return {};
  return { value: parseCounter(raw), raw };
}

/**
 * Reassembles message `n`: the node's value is the key, its children 0..k the value chunks.
 * Independent reads are sent together (xenstored answers each by req_id), so a message costs
 * two round trips whatever its size.
 */
export async function readMessage(xs: XsOps, dir: string, n: number): Promise<ReadResult | undefined> {
  const node = nodePath(dir, n);
  const [key, children] = await Promise.all([tryReadText(xs, node), tryList(xs, node)]);
  if (key === undefined) return undefined;
  const order = chunkOrder(children);
  if (!order) return { ok: false, reason: INCOMPLETE, key, incomplete: true };
  const chunks = await Promise.all(order.map((i) => tryRead(xs, nodePath(node, i))));
  if (chunks.some((c) => c === undefined)) return { ok: false, reason: INCOMPLETE, key, incomplete: true };
  const message = { key, value: joinChunks(chunks as Buffer[]) };
  try {
    checkMessage(message);
  } catch (error) {
    return { ok: false, reason: (error as Error).message, key };
  }
  return { ok: true, message };
}

/**
 * Appends one message in a single transaction (retried on EAGAIN by the client): two writers
 * can never take the same number, and readers never see half a message. The number is one past
 * both the counter and any node present, so a counter reset or a stale node cannot cause reuse.
 */
export async function sendMessage(
  xs: XsPort,
  dir: string,
  message: Message,
  chunkBytes?: number,
): Promise<number> {
  checkMessage(message);
  const chunks = splitValue(message.value, chunkBytes);
  return xs.transaction(async (tx) => {
    const counter = await readCounter(tx, dir);
    const { numbers } = await listMessages(tx, dir);
    const n = Math.max(counter.value ?? 0, numbers.at(-1) ?? 0) + 1;
    const node = nodePath(dir, n);
    await tx.write(node, message.key);
    for (const [i, chunk] of chunks.entries()) await tx.write(nodePath(node, i), chunk);
    await tx.write(nodePath(dir, LAST_WRITE), String(n));
    return n;
  }, { attempts: 50 });
}
