// Checks every network value before anything is built from it: control characters and shell
// words first (they would split or inject lines in a config file sourced by the shell), then the
// key's syntax from the shared formats table, then the module's own stricter rules.
import { checkFormat, hasControlChar } from '../../template.d/params/formats.js';
import { InputError, type Params } from '../lib/types.js';
import { BOOTPROTO_CHOICES, HOSTNAME_KEY, formatOf, parseKey, type Stem } from './keys.js';

// Characters the shell gives a meaning to; no network value legitimately contains one.
const SHELL_CHARS = /[$`;|&<>\\"'(){}*?!~#]/;

// ifcfg files are sourced by initscripts and the name becomes a file name: letters, digits and
// "_", ".", "-" only (VLANs like eth0.100 included); the kernel's limit is 15 bytes (IFNAMSIZ-1).
const DEVICE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

/** Why: one check per value, so each refusal names exactly the key at fault. */
export function checkValue(name: string, stem: Stem | 'hostname', value: string): void {
  if (hasControlChar(value)) throw new InputError(name, 'contains a newline or another control character; send the value on one line');
  if (SHELL_CHARS.test(value)) {
    const ch = SHELL_CHARS.exec(value)![0];
    throw new InputError(name, `contains "${ch}", a shell character no network setting may contain`);
  }
  const format = stem === 'hostname' ? 'hostname' : formatOf(stem);
  const problem = format === undefined ? undefined : checkFormat(format, value);
  if (problem !== undefined) throw new InputError(name, problem);
  checkStrict(name, stem, value);
}

function checkStrict(name: string, stem: Stem | 'hostname', value: string): void {
  if (stem === 'device') {
    if (!DEVICE.test(value) || value === '.' || value === '..') {
      throw new InputError(name, `"${value}" is not an interface name: use 1-15 letters, digits, "_", "." or "-", e.g. eth0`);
    }
    if (value === 'lo') throw new InputError(name, 'the loopback interface "lo" is not configured by this module');
  }
  // Linux HOST_NAME_MAX: the kernel and hostnamectl refuse a longer name than 64 bytes.
  if (stem === 'hostname' && value.length > 64) {
    throw new InputError(name, `is ${value.length} characters; a Linux host name has at most 64 (use a shorter name)`);
  }
  if (stem === 'onboot' && value !== 'yes' && value !== 'no') throw new InputError(name, `"${value}" must be "yes" or "no"`);
  if (stem === 'bootproto' && !BOOTPROTO_CHOICES.includes(value)) {
    throw new InputError(name, `"${value}" must be "dhcp" or "static" ("none" is read as static)`);
  }
  if (stem === 'netmask' && /^[0-9]+$/.test(value) && Number(value) === 0) {
    throw new InputError(name, 'a prefix length of 0 leaves no network; use 1-32 or a dotted netmask');
  }
  if (stem === 'netmask' && value === '0.0.0.0') throw new InputError(name, '0.0.0.0 leaves no network; use e.g. 255.255.255.0');
}

/** Why: validates every key the module knows in the set; unknown keys are not its business. */
export function checkAll(params: Params): void {
  for (const [name, value] of Object.entries(params)) {
    if (value === '') continue; // an empty answer means "not set" (see request.ts)
    if (name === HOSTNAME_KEY) checkValue(name, 'hostname', value);
    const parsed = parseKey(name);
    if (parsed) checkValue(name, parsed.stem, value);
  }
}
