// Listing a node's children, however many there are. XS_DIRECTORY answers in one reply, which
// the C daemon caps at 4096 bytes: a longer list gives E2BIG (CORE send_reply l.1053). The list
// is then read in slices with XS_DIRECTORY_PART, starting over if the node changes in between,
// as libxenstore's xs_directory does. Servers without DIRECTORY_PART (oxenstored 4.17 answers
// ENOSYS) never need it: oxenstored sends the long DIRECTORY reply whole (EXP, see limits.ts).
import {
  directoryPartPayload, nulStrings, Op, parseDirectoryPart, parseStringList, XenstoreError,
} from '../protocol/index.js';
import type { Send } from './node-ops.js';

/** How often the slices are read again because the node kept changing, before giving up. */
export const DIRECTORY_PART_ATTEMPTS = 8;

function isCode(err: unknown, code: string): err is XenstoreError {
  return err instanceof XenstoreError && err.code === code;
}

/** Why: the one place that turns a child list into names, long lists included. */
export async function listChildren(send: Send, txId: number, path: string): Promise<string[]> {
  try {
    return parseStringList(await send({ type: Op.DIRECTORY, txId, payload: nulStrings(path), path }));
  } catch (err) {
    if (!isCode(err, 'E2BIG')) throw err;
    return listInParts(send, txId, path);
  }
}

async function listInParts(send: Send, txId: number, path: string): Promise<string[]> {
  for (let attempt = 1; attempt <= DIRECTORY_PART_ATTEMPTS; attempt++) {
    const names = await readSlices(send, txId, path);
    if (names) return parseStringList(names);
  }
  throw new XenstoreError('EAGAIN', 'DIRECTORY_PART', path,
    `the child list changed while it was read, ${DIRECTORY_PART_ATTEMPTS} times in a row; try again later`);
}

/** Reads every slice; undefined when the generation changed midway (the caller starts over). */
async function readSlices(send: Send, txId: number, path: string): Promise<Buffer | undefined> {
  const slices: Buffer[] = [];
  let offset = 0;
  let generation: string | undefined;
  for (;;) {
    const part = parseDirectoryPart(await sendPart(send, txId, path, offset));
    generation ??= part.generation;
    if (part.generation !== generation) return undefined;
    slices.push(part.names);
    offset += part.names.length;
    if (part.complete) return Buffer.concat(slices);
  }
}

async function sendPart(send: Send, txId: number, path: string, offset: number): Promise<Buffer> {
  try {
    return await send({ type: Op.DIRECTORY_PART, txId, payload: directoryPartPayload(path, offset), path });
  } catch (err) {
    if (!isCode(err, 'ENOSYS')) throw err;
    // The list is too long for one reply and the server cannot send it in parts.
    throw new XenstoreError('E2BIG', 'DIRECTORY', path,
      'its child list is over 4096 bytes and this xenstored does not support DIRECTORY_PART; keep fewer children under one node');
  }
}
