// Value syntaxes a descriptor may name in its `format` field. The runner, the console dialog and
// the module SDK all check values through checkFormat, so a value is judged the same way
// everywhere. Pure: no I/O. IP parsing is ipaddr.js, not hand-written regexes.
import ipaddr from 'ipaddr.js';

/** One value syntax: its name in messages, an example, and its check. */
export interface FormatSpec {
  /** What the syntax is, in a few words (used in error messages and docs). */
  describe: string;
  /** A value that passes, shown to the user in error messages. */
  example: string;
  /** The problem with the value, or undefined when it is fine. */
  check(value: string): string | undefined;
  /** Line breaks are part of the value (key files, lists of lines); other controls are not. */
  lines?: boolean;
}

/** Why: C0/C1 controls (newline, CR, NUL, ESC…) would split or corrupt the line a value lands on. */
export function hasControlChar(value: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value);
}

/** Why: every list-valued key splits the same way (commas, optional blanks around items). */
export function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function checkHostname(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > 253) return 'is longer than 253 characters';
  const labels = value.split('.');
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return bad === ''
      ? 'has an empty label (two dots in a row, or a dot at an end)'
      : `has an invalid label "${bad}" (1-63 letters, digits or hyphens, no hyphen at either end)`;
  }
  // RFC 1123 2.1: a name must not look like a dotted IP address, so the last label has a letter.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return 'ends with an all-numeric label';
  return undefined;
}

function checkIpv4(value: string): string | undefined {
  return ipaddr.IPv4.isValidFourPartDecimal(value) ? undefined : 'is not an IPv4 address';
}

function checkIpv6(value: string): string | undefined {
  // Zone ids (fe80::1%eth0) have no place in configuration files.
  if (value.includes('%') || !ipaddr.IPv6.isValid(value)) return 'is not an IPv6 address';
  return undefined;
}

function checkIp(value: string): string | undefined {
  if (checkIpv4(value) === undefined || checkIpv6(value) === undefined) return undefined;
  return 'is not an IPv4 or IPv6 address';
}

function checkNetmask(value: string): string | undefined {
  if (/^[0-9]{1,2}$/.test(value)) {
    return Number(value) <= 32 ? undefined : 'is not a prefix length 0-32';
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(value)) return 'is not a dotted netmask or prefix length';
  const contiguous = ipaddr.IPv4.parse(value).prefixLengthFromSubnetMask() !== null;
  return contiguous ? undefined : 'is not a contiguous netmask';
}

function checkUint(value: string, min = 0, max = 4294967295): string | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(value)) return 'is not a whole number (digits only, no leading zeros)';
  const n = Number(value);
  return n < min || n > max ? `must be between ${min} and ${max}` : undefined;
}

function checkIfname(value: string): string | undefined {
  // Linux dev_valid_name(): 1..IFNAMSIZ-1 bytes, no '/' or whitespace, not "." or "..". Names
  // end up in file names and config lines, so only the characters real names use are allowed:
  // letters, digits, '_', '.', '-' and ':' (legacy ifcfg alias names such as eth0:1).
  if (value.length < 1 || Buffer.byteLength(value) > 15) return 'must be 1-15 characters';
  if (value === '.' || value === '..') return 'cannot be "." or ".."';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/.test(value)) {
    return 'may hold only letters, digits, "_", ".", "-" and ":", and must start with a letter, digit or "_"';
  }
  return undefined;
}

/** The kernel keeps at most HOST_NAME_MAX (64) bytes of a system's host name (gethostname(2)). */
function checkSystemHostname(value: string): string | undefined {
  if (value.length > 64) return 'is longer than 64 characters, the most a Linux host name can hold';
  return checkHostname(value);
}

function checkName(value: string): string | undefined {
  // shadow-utils' default NAME_REGEX (useradd(8)), length as in its default LOGIN_NAME_MAX.
  if (value.length > 32) return 'is longer than 32 characters';
  return /^[a-z_][a-z0-9_-]*[$]?$/.test(value)
    ? undefined
    : 'must start with a lower-case letter or "_", then lower-case letters, digits, "_" or "-"';
}

function checkTimezone(value: string): string | undefined {
  if (value.length === 0 || value.length > 255) return 'must be 1-255 characters';
  if (value.startsWith('/')) return 'must be relative, like Area/City';
  if (value.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    return 'cannot contain ".", ".." or empty path parts';
  }
  return /^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(value)
    ? undefined
    : 'may only contain letters, digits, "_", "+", "-" and "/"';
}

function checkDatetime(value: string): string | undefined {
  const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})-([0-9]{1,2})-([0-9]{1,2})-([0-9]{1,2})$/.exec(value);
  if (!m) return 'must be year-month-day-hour-minute-second';
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1970) return 'year must be 1970 or later';
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || date.getUTCDate() !== d) return 'is not a real calendar date';
  if (h > 23 || mi > 59 || s > 59) return 'is not a real time of day';
  return undefined;
}

function checkHostsLine(value: string): string | undefined {
  const words = value.trim().split(/[ \t]+/);
  if (words.length < 2) return 'must be "<address> <name> [alias...]"';
  if (checkIp(words[0]!) !== undefined) return `starts with "${words[0]}", not an IP address`;
  for (const word of words.slice(1)) {
    if (checkHostname(word) !== undefined) return `has "${word}", not a valid host name`;
  }
  return undefined;
}

/** A checker for "comma-separated items of one syntax"; an empty item is refused. */
function listOf(item: (value: string) => string | undefined, what: string) {
  return (value: string): string | undefined => {
    for (const part of splitList(value)) {
      if (part === '') return 'has an empty item (check the commas)';
      const problem = item(part);
      if (problem !== undefined) return `has "${part}", not a valid ${what}`;
    }
    return undefined;
  };
}

function oneOf(values: string[]) {
  return (value: string): string | undefined =>
    values.includes(value) ? undefined : `must be ${values.map((v) => `"${v}"`).join(' or ')}`;
}

function hostOrIp(value: string): string | undefined {
  return checkIp(value) === undefined ? undefined : checkHostname(value);
}

/** Why: the vocabulary is data, so docs and dialogs can list it and a typo in a name is visible. */
export const FORMATS: Readonly<Record<string, FormatSpec>> = {
  bool: { describe: 'True or False', example: 'True', check: oneOf(['True', 'False']) },
  'yes-no': { describe: 'yes or no', example: 'yes', check: oneOf(['yes', 'no']) },
  uint: { describe: 'a whole number 0-4294967295', example: '1000', check: (v) => checkUint(v) },
  ipv4: { describe: 'an IPv4 address', example: '192.0.2.10', check: checkIpv4 },
  ipv6: { describe: 'an IPv6 address', example: '2001:db8::10', check: checkIpv6 },
  ip: { describe: 'an IPv4 or IPv6 address', example: '192.0.2.10', check: checkIp },
  'ipv4-list': {
    describe: 'comma-separated IPv4 addresses',
    example: '8.8.8.8,8.8.4.4',
    check: listOf(checkIpv4, 'IPv4 address'),
  },
  'ip-list': {
    describe: 'comma-separated IP addresses',
    example: '192.0.2.53,2001:db8::53',
    check: listOf(checkIp, 'IP address'),
  },
  netmask: { describe: 'a dotted netmask or a prefix length 0-32', example: '255.255.255.0', check: checkNetmask },
  hostname: { describe: 'a host name or fully qualified domain name', example: 'vm1.example.com', check: checkSystemHostname },
  'domain-list': {
    describe: 'comma-separated domain names',
    example: 'us.example.com,cn.example.com',
    check: listOf(checkHostname, 'domain name'),
  },
  'ntp-server-list': {
    describe: 'comma-separated host names or IP addresses',
    example: 'time.example.com,0.pool.ntp.org',
    check: listOf(hostOrIp, 'host name or IP address'),
  },
  mac: {
    describe: 'a MAC address, six hex pairs separated by ":"',
    example: '00:16:3E:28:0F:4E',
    check: (v) => (/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(v) ? undefined : 'is not a MAC address'),
  },
  ifname: { describe: 'a network interface name', example: 'eth0', check: checkIfname },
  mtu: { describe: 'an MTU, a whole number 68-65535', example: '1500', check: (v) => checkUint(v, 68, 65535) },
  name: { describe: 'a user or group name', example: 'oracle', check: checkName },
  'name-list': { describe: 'comma-separated user or group names', example: 'wheel,dba', check: listOf(checkName, 'name') },
  timezone: { describe: 'a time zone name', example: 'America/New_York', check: checkTimezone },
  datetime: {
    describe: 'year-month-day-hour-minute-second',
    example: '2011-4-7-9-2-42',
    check: checkDatetime,
  },
  'hosts-line': {
    describe: 'an /etc/hosts line: address, name, aliases',
    example: '192.0.2.10 vm1.example.com vm1',
    check: checkHostsLine,
  },
  line: {
    describe: 'text on one line',
    example: 'any text without line breaks',
    check: () => undefined,
  },
  'text-lines': {
    describe: 'text that may span several lines',
    example: 'ssh-ed25519 AAAAC3Nza... alice@example.com',
    lines: true,
    check: () => undefined,
  },
};

/** Why: whether a value of this format may hold line breaks (no format: it may not). */
export function allowsLineBreaks(format: string | undefined): boolean {
  return format !== undefined && Object.hasOwn(FORMATS, format) && FORMATS[format]!.lines === true;
}

/** Why: the control-character rule for any value, given whether line breaks are allowed. */
export function controlCharProblem(value: string, lines: boolean): string | undefined {
  if (!hasControlChar(lines ? value.replace(/\r?\n/g, '') : value)) return undefined;
  return lines
    ? 'contains a control character other than a line break (NUL, ESC, tab...)'
    : 'contains a control character (newline, carriage return, NUL...)';
}

/**
 * Why: the one entry point for value checks. Returns a message for the user, or undefined when
 * the value is valid or when the format name is unknown (an unknown format from a third-party
 * descriptor must not block a run).
 */
export function checkFormat(format: string, value: string): string | undefined {
  const spec = Object.hasOwn(FORMATS, format) ? FORMATS[format] : undefined;
  if (spec === undefined) return undefined;
  const control = controlCharProblem(value, spec.lines === true);
  if (control !== undefined) return control;
  const problem = spec.check(value);
  return problem === undefined ? undefined : `${JSON.stringify(value)} ${problem}; expected ${spec.describe}, e.g. ${spec.example}`;
}
