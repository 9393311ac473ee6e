// Both ends of XAPI's vm-data as a message source. The host (xenopsd at domain creation, or
// `ovm-vmmessage --vm-data` for plain xl) writes a VM's xenstore-data map as nodes under
// /local/domain/<domid>/vm-data; the guest reads every node there as one parameter, with the
// same checks as a message of Oracle's channel (ovmd/vmapi/message.ts). Layout: docs/xapi.md.
import { keyNameProblem } from '../../template.d/params/key-name.js';
import { EVENT_KEY, domainHome } from '../vmapi/layout.js';
import { checkMessage, MessageError, type Message } from '../vmapi/message.js';
import type { HostPort } from '../vmapi/host.js';
import { tryList, tryReadText, type XsOps } from '../vmapi/xs-port.js';
import { VM_DATA_DIR, keyToVmDataPath, vmDataKeyProblem, vmDataSegmentsToKey } from './key-path.js';

/** A key's value is at most what one xenstore node holds; deeper trees than this are not keys. */
const MAX_DEPTH = 32;

/** One vm-data node read as a parameter; `path` is relative to the domain's home. */
export interface VmDataEntry extends Message {
  path: string;
}

/** What a scan of vm-data found: parameters, and nodes refused with a reason (never the value). */
export interface VmDataListing {
  entries: VmDataEntry[];
  refused: { path: string; reason: string }[];
}

/** Why: an event is a one-shot command; vm-data is a standing map the host writes again at every boot. */
const EVENT_REFUSED = `${EVENT_KEY} cannot be sent as vm-data (it would run again at every boot); use Oracle's channel`;

/**
 * Reads the whole vm-data tree. A node is a parameter when it has no children, or when it has
 * children and a non-empty value; an empty node with children is only a directory.
 */
export async function readVmData(xs: XsOps, dir = VM_DATA_DIR): Promise<VmDataListing> {
  const listing: VmDataListing = { entries: [], refused: [] };
  await walk(xs, dir, [], listing);
  listing.entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return listing;
}

async function walk(xs: XsOps, dir: string, segments: string[], out: VmDataListing): Promise<void> {
  const names = await tryList(xs, dir);
  await Promise.all(names.map(async (name) => {
    const path = `${dir}/${name}`;
    const here = [...segments, name];
    const [value, children] = await Promise.all([tryReadText(xs, path), tryList(xs, path)]);
    if (value === undefined) return; // removed meanwhile
    if (children.length === 0 || value !== '') classify(path, here, value, out);
    if (children.length > 0 && here.length < MAX_DEPTH) await walk(xs, path, here, out);
  }));
}

function classify(path: string, segments: string[], value: string, out: VmDataListing): void {
  const key = vmDataSegmentsToKey(segments);
  const problem = key === EVENT_KEY ? EVENT_REFUSED : keyNameProblem(key) ?? messageProblem({ key, value });
  if (problem !== undefined) out.refused.push({ path, reason: problem });
  else out.entries.push({ key, value, path });
}

function messageProblem(message: Message): string | undefined {
  try {
    checkMessage(message);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Throws MessageError naming every key of a batch that cannot travel as vm-data, before
 * anything is written: channel rules, the node-name rule, events, and an empty value whose
 * key is also the parent of another key (the guest would read that node as a directory).
 */
export function checkVmDataBatch(messages: Message[]): void {
  const problems: string[] = [];
  for (const m of messages) {
    const problem = m.key === EVENT_KEY ? EVENT_REFUSED : messageProblem(m) ?? vmDataKeyProblem(m.key);
    if (problem !== undefined) problems.push(problem);
    else if (m.value === '' && messages.some((o) => o.key.startsWith(`${m.key}.`))) {
      problems.push(`key "${m.key}" has an empty value and is also the parent of another key; the guest would read it as a directory`);
    }
  }
  if (problems.length > 0) throw new MessageError(problems.join('; '));
}

/**
 * The host end: writes a batch as vm-data nodes of a domain, in one transaction. vm-data is
 * made the guest's own (`n<domid>`, as xenopsd makes it), so nodes dom0 writes below it inherit
 * that owner and the guest may delete a secret once it has stored it. Returns the paths written.
 */
export async function writeVmData(xs: HostPort, domid: number, messages: Message[]): Promise<string[]> {
  checkVmDataBatch(messages);
  const home = domainHome(domid);
  const dir = `${home}/${VM_DATA_DIR}`;
  const owner = `n${domid}`;
  if ((await tryReadText(xs, dir)) === undefined) await xs.mkdir(dir);
  if ((await xs.getPerms(dir))[0] !== owner) await xs.setPerms(dir, [owner]);
  const paths = messages.map((m) => `${home}/${keyToVmDataPath(m.key)}`);
  await xs.transaction(async (tx) => {
    for (const [i, m] of messages.entries()) await tx.write(paths[i]!, m.value);
  }, { attempts: 50 });
  return paths;
}
