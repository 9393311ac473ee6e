// The host (dom0) end of the channel: find the guest, create the channel nodes with guest
// permissions, send messages into to-guest, read what the guest wrote into from-guest
// (shared spec vmapi-channel.md, "Host side"). Absolute paths: dom0 addresses any domain.
import { CHANNEL_DIR, CHUNK_MAX_BYTES, FROM_GUEST, TO_GUEST, domainHome, nodePath } from './layout.js';
import { listMessages, readMessage, sendMessage } from './channel.js';
import type { Message } from './message.js';
import { isMissing, tryReadText, type XsPort } from './xs-port.js';

/** A host-side refusal that a user can act on (no such domain, ...). */
export class HostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostError';
  }
}

/** The dom0 client also manages permissions (the channel nodes are made for the guest). */
export interface HostPort extends XsPort {
  setPerms(path: string, perms: string[]): Promise<void>;
  getPerms(path: string): Promise<string[]>;
}

/** A message read back from from-guest, with its number. */
export interface GuestMessage extends Message {
  n: number;
}

/** The domid of the domain whose /local/domain/<id>/name is `name`. */
export async function findDomainByName(xs: HostPort, name: string): Promise<number> {
  const ids = await xs.directory('/local/domain').catch(() => [] as string[]);
  const found: number[] = [];
  for (const id of ids) {
    if ((await tryReadText(xs, `/local/domain/${id}/name`)) === name) found.push(Number(id));
  }
  if (found.length === 0) throw new HostError(`no domain named "${name}" in xenstore (see xl list)`);
  if (found.length > 1) throw new HostError(`several domains are named "${name}" (${found.join(', ')}); use --domid`);
  return found[0]!;
}

/** Fails clearly when the domain has no home in xenstore. */
export async function checkDomain(xs: HostPort, domid: number): Promise<void> {
  if ((await tryReadText(xs, domainHome(domid))) === undefined) {
    throw new HostError(`no domain ${domid} in xenstore (${domainHome(domid)} does not exist)`);
  }
}

/**
 * Creates to-guest and from-guest owned by the guest (`n<domid>`): it may read and delete under
 * to-guest and write under from-guest; a guest cannot create nodes under control/ itself
 * (libxl makes control n0,r<domid>). The channel directory stays dom0's, readable by the guest.
 */
export async function setupChannel(xs: HostPort, domid: number): Promise<void> {
  const home = domainHome(domid);
  await xs.mkdir(`${home}/${CHANNEL_DIR}`);
  await xs.setPerms(`${home}/${CHANNEL_DIR}`, ['n0', `r${domid}`]);
  for (const dir of [TO_GUEST, FROM_GUEST]) {
    await xs.mkdir(`${home}/${dir}`);
    await xs.setPerms(`${home}/${dir}`, [`n${domid}`]);
  }
}

/** True when both directions exist and are owned by the guest. */
export async function channelReady(xs: HostPort, domid: number): Promise<boolean> {
  for (const dir of [TO_GUEST, FROM_GUEST]) {
    try {
      const perms = await xs.getPerms(`${domainHome(domid)}/${dir}`);
      if (perms[0] !== `n${domid}`) return false;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
  return true;
}

/** Sends messages in order, each in its own transaction; returns their numbers. */
export async function sendToGuest(xs: HostPort, domid: number, messages: Message[]): Promise<number[]> {
  if (!(await channelReady(xs, domid))) await setupChannel(xs, domid);
  const dir = `${domainHome(domid)}/${TO_GUEST}`;
  const numbers: number[] = [];
  for (const m of messages) numbers.push(await sendMessage(xs, dir, m, CHUNK_MAX_BYTES));
  return numbers;
}

/** Every message currently in from-guest, oldest first; unreadable nodes are skipped. */
export async function readFromGuest(xs: HostPort, domid: number, after = 0): Promise<GuestMessage[]> {
  const dir = `${domainHome(domid)}/${FROM_GUEST}`;
  const out: GuestMessage[] = [];
  for (const n of (await listMessages(xs, dir)).numbers) {
    if (n <= after) continue;
    const result = await readMessage(xs, dir, n);
    if (result?.ok) out.push({ n, ...result.message });
  }
  return out;
}

/**
 * Deletes the guest's messages up to number `upTo` (all by default) after the host has read
 * them: they count against the guest's xenstore quota. last-write stays, so numbering goes on.
 */
export async function clearFromGuest(xs: HostPort, domid: number, upTo = Number.MAX_SAFE_INTEGER): Promise<number> {
  const dir = `${domainHome(domid)}/${FROM_GUEST}`;
  const numbers = (await listMessages(xs, dir)).numbers.filter((n) => n <= upTo);
  for (const n of numbers) await xs.rm(nodePath(dir, n));
  return numbers.length;
}

/** The newest value the guest sent for `key`, if any. */
export async function queryFromGuest(xs: HostPort, domid: number, key: string): Promise<string | undefined> {
  const all = await readFromGuest(xs, domid);
  return all.filter((m) => m.key === key).at(-1)?.value;
}

/** The from-guest directory of a domain (for watches). */
export function fromGuestDir(domid: number): string {
  return nodePath(domainHome(domid), FROM_GUEST);
}
