// Transactions: a snapshot plus our own writes, committed atomically or refused with EAGAIN
// when a node it read or wrote changed meanwhile (TRANS l.380-394). `runTransaction` redoes the
// whole function on EAGAIN, a bounded number of times, like libxl's retry_transaction loop.
import { nulStrings, Op, parseTxId, ProtocolError, XenstoreError } from '../protocol/index.js';
import { NodeOps, type Send } from './node-ops.js';

/** The node operations inside one transaction; unusable once it has ended. */
export class XenstoreTx extends NodeOps {
  private ended = false;

  constructor(send: Send, readonly id: number) {
    super((req) => {
      if (this.ended) return Promise.reject(new ProtocolError(`transaction ${id} has already ended`));
      return send(req);
    }, id);
  }

  /** Commits (true) or aborts (false); EAGAIN on commit means "run it again". */
  async end(commit: boolean): Promise<void> {
    if (this.ended) return;
    try {
      await this.send({ type: Op.TRANSACTION_END, txId: this.id, payload: nulStrings(commit ? 'T' : 'F') });
    } finally {
      this.ended = true;
    }
  }
}

export interface TransactionOptions {
  /** How many times to run fn in total before giving up on EAGAIN (default 8). */
  attempts?: number;
}

export const DEFAULT_TX_ATTEMPTS = 8;

function isConflict(err: unknown): boolean {
  return err instanceof XenstoreError && err.code === 'EAGAIN';
}

/** Runs fn in a transaction and commits; on EAGAIN starts over; on any other error aborts. */
export async function runTransaction<T>(
  send: Send,
  fn: (tx: XenstoreTx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_TX_ATTEMPTS);
  for (let attempt = 1; ; attempt++) {
    // TRANSACTION_START goes with tx_id 0 and payload "\0" (XSDOC).
    const id = parseTxId(await send({ type: Op.TRANSACTION_START, txId: 0, payload: nulStrings('') }));
    const tx = new XenstoreTx(send, id);
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      await tx.end(false).catch(() => undefined);
      if (isConflict(err) && attempt < attempts) continue;
      throw err;
    }
    try {
      await tx.end(true);
      return result;
    } catch (err) {
      if (isConflict(err) && attempt < attempts) continue;
      throw err;
    }
  }
}
