// XS_DIRECTORY_PART (type 22): a child list too long for one reply, read in slices (XSDOC;
// CORE send_directory_part l.1273-1326; shared spec xenstore.md §1.2). The request is
// `path\0offset\0`, the offset counting bytes of the whole `child\0child\0...` list; the reply is
// `generation\0` followed by the children from that offset, with one extra `\0` once the list is
// complete. An offset past the end gives `generation\0\0`. Pure: no I/O here.
import { ProtocolError } from './errors.js';
import { nulStrings } from './payload.js';

/** One slice of a child list. */
export interface DirectoryPart {
  /** The node's generation count: a different value on a later slice means the list changed. */
  generation: string;
  /** The slice's bytes, `child\0child\0...`, without the end-of-list NUL. */
  names: Buffer;
  /** True when this slice ends the list. */
  complete: boolean;
}

/** Request payload for the slice starting `offset` bytes into the child list. */
export function directoryPartPayload(path: string, offset: number): Buffer {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`bad DIRECTORY_PART offset ${offset}`);
  return nulStrings(path, String(offset));
}

/** Parses a DIRECTORY_PART reply; a malformed one is a ProtocolError. */
export function parseDirectoryPart(payload: Buffer): DirectoryPart {
  const end = payload.indexOf(0);
  const generation = end === -1 ? '' : payload.toString('latin1', 0, end);
  if (!/^[0-9]+$/.test(generation)) {
    throw new ProtocolError(`DIRECTORY_PART reply does not start with a generation count: ${JSON.stringify(payload.toString('latin1', 0, 32))}`);
  }
  const rest = payload.subarray(end + 1);
  if (rest.length === 0 || rest[rest.length - 1] !== 0) {
    throw new ProtocolError('DIRECTORY_PART reply does not end with a NUL');
  }
  // "\0" alone is an empty (or exhausted) list; "...name\0\0" is the last slice.
  const complete = rest.length === 1 || rest[rest.length - 2] === 0;
  return { generation, names: complete ? rest.subarray(0, rest.length - 1) : rest, complete };
}
