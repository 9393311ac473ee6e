// Requests no transport will ever send, checked on the encoded bytes right before writing.
import { Op, ProtocolError } from '../protocol/index.js';

/**
 * Refuses RESET_WATCHES. Through /dev/xen/xenbus it is passed to xenstored unfiltered and acts
 * on the whole domain connection, dropping the guest kernel's own watches and every other
 * process's (LNX; shared spec §1.8); on a shared bridge it would drop other clients' watches.
 * Nothing this project does needs it, so it is refused on every transport alike.
 */
export function refuseForbidden(message: Buffer): void {
  if (message.length >= 4 && message.readUInt32LE(0) === Op.RESET_WATCHES) {
    throw new ProtocolError('RESET_WATCHES is never sent: it would drop the watches of every client of this domain');
  }
}
