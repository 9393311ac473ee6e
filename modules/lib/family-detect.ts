// Tells which distro family the root holds, from /etc/os-release (ID, ID_LIKE, VERSION_ID) or,
// on releases without it (OL/RHEL 6), from /etc/oracle-release, /etc/redhat-release or
// /etc/system-release ("… release 6.10 …"). Pure over the read-only file view.
import { parseShellVars } from './shell-vars.js';
import type { FamilyId, RootFiles } from './types.js';

// os-release IDs of the RHEL family (os-release(5): ID, and ID_LIKE for derivatives).
const RHEL_IDS = ['ol', 'rhel', 'centos', 'almalinux', 'rocky', 'scientific', 'eurolinux', 'circle', 'navy'];
const RELEASE_FILES = ['/etc/oracle-release', '/etc/redhat-release', '/etc/system-release'];

/** Why: an unknown distribution must stop a run with a message that names the file to check. */
export class FamilyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FamilyError';
  }
}

/** Why: maps a major release number to its family row (el10 and later use el9's). */
export function familyOfMajor(major: number): FamilyId | undefined {
  if (major === 6) return 'el6';
  if (major === 7) return 'el7';
  if (major === 8) return 'el8';
  return major >= 9 ? 'el9' : undefined;
}

function fromOsRelease(text: string, where: string): FamilyId {
  const vars = parseShellVars(text);
  const ids = [vars.ID ?? '', ...(vars.ID_LIKE ?? '').split(/\s+/)].filter(Boolean);
  const major = Number(/^([0-9]+)/.exec(vars.VERSION_ID ?? '')?.[1] ?? NaN);
  const family = ids.some((id) => RHEL_IDS.includes(id)) ? familyOfMajor(major) : undefined;
  if (family) return family;
  throw new FamilyError(
    `${where} says ID=${vars.ID ?? '(none)'} VERSION_ID=${vars.VERSION_ID ?? '(none)'}: ` +
      'not an Oracle Linux / RHEL-family release 6 or later, which is all these modules configure',
  );
}

/** Why: the family every handler's table lookups use; `root` only makes messages precise. */
export function detectFamily(files: RootFiles, root: string): FamilyId {
  const shown = (path: string) => (root === '/' ? path : `${root}${path}`);
  const osRelease = files.read('/etc/os-release') ?? files.read('/usr/lib/os-release');
  if (osRelease !== undefined) return fromOsRelease(osRelease, shown('/etc/os-release'));
  for (const path of RELEASE_FILES) {
    const text = files.read(path);
    if (text === undefined) continue;
    const major = Number(/release\s+([0-9]+)/.exec(text)?.[1] ?? NaN);
    const family = familyOfMajor(major);
    if (family) return family;
    throw new FamilyError(`${shown(path)} says "${text.trim()}": no release number 6 or later found`);
  }
  throw new FamilyError(
    `cannot tell the distribution: neither ${shown('/etc/os-release')} nor ${shown('/etc/redhat-release')} exists ` +
      '(set OVM_TEMPLATE_ROOT to the root of an Oracle Linux / RHEL-family system)',
  );
}
