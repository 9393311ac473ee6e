// How a parameter key travels as a XAPI vm-data node, and back. Xenstore node names allow only
// letters, digits, "-", "_" and "@" (the C xenstored refuses a "." in a name: EINVAL), so every
// "." of a key is a path separator: com.oracle.linux.network.device.0 is the node
// vm-data/com/oracle/linux/network/device/0. Pure: no I/O. Documented in docs/xapi.md.
import { showKey } from '../../template.d/params/key-name.js';
import { MessageError } from '../vmapi/message.js';

/** The directory XAPI fills from a VM's xenstore-data map (xenopsd: only keys under vm-data/ are written). */
export const VM_DATA_DIR = 'vm-data';

/** One path segment: what xenstored accepts in a node name (xenstore.md, "Paths"). */
const SEGMENT = /^[A-Za-z0-9_@-]+$/;

/** Why: the reason a key cannot be a vm-data node, or undefined when it can. */
export function vmDataKeyProblem(key: string): string | undefined {
  const segments = key.split('.');
  if (segments.some((s) => s === '')) {
    return `key ${showKey(key)} cannot be sent as vm-data: its dots become path separators, so it may not start or end with ".", nor hold ".."`;
  }
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    return `key ${showKey(key)} cannot be sent as vm-data: xenstore node names allow only letters, digits, "-", "_" and "@" between the dots`;
  }
  return undefined;
}

/** The vm-data path (relative to the domain's home) of a key; throws when it has none. */
export function keyToVmDataPath(key: string): string {
  const problem = vmDataKeyProblem(key);
  if (problem !== undefined) throw new MessageError(problem);
  return `${VM_DATA_DIR}/${key.split('.').join('/')}`;
}

/** The key of a node below vm-data, from its path segments after vm-data/. */
export function vmDataSegmentsToKey(segments: string[]): string {
  return segments.join('.');
}
