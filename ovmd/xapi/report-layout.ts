// The keys a XAPI host reads from a guest agent, relative to the guest's home, and the pure
// rendering of the guest's facts into them. Origin of each key (checked against the peers'
// sources; details and value formats in docs/xapi.md):
//   xenopsd (xc/xenops_server_xen.ml) copies attr/, data/, control/ into the VM's guest-agent
//   state and watches data/updated; xapi (xapi_guest_agent.ml) maps data/os_* to os_version,
//   attr/PVAddons/* to PV_drivers_version, attr/vif/<id>/ipv4|ipv6/<n> to networks, control/* to
//   other; xe-guest-utilities (guestmetric/) and xen-guest-agent (xenstore_schema_std.rs) write
//   the same names.

/** The operating-system keys (xe-guest-utilities: the output of mk/xe-linux-distribution under data/). */
export interface OsFacts {
  os_name: string;
  os_distro: string;
  os_majorver: string;
  os_minorver: string;
  os_uname: string;
}

/** /proc/meminfo in kB: MemTotal, and MemAvailable (MemFree on kernels without it). */
export interface MemoryFacts {
  totalKb: number;
  freeKb: number;
}

/** One toolstack network interface: the vif id from sysfs and its addresses, each in its slot. */
export interface VifFacts {
  vifId: number;
  ipv4: (string | undefined)[];
  ipv6: (string | undefined)[];
}

/** Everything the layout shows. */
export interface GuestFacts {
  os?: OsFacts;
  memory?: MemoryFacts;
  vifs: VifFacts[];
  /** Agent version as major.minor.micro; BuildVersion carries the full string. */
  version: string;
  /** A balloon driver is present (squeezed may then move the VM's memory target). */
  balloon: boolean;
}

/** Written after every change so xenopsd re-reads the rest; the value is only a timestamp. */
export const UPDATED_KEY = 'data/updated';
/** The directory of per-vif address keys, cleared of what no longer exists. */
export const VIF_DIR = 'attr/vif';
/** Keys under these are this agent's; anything else there is left alone. */
export const FIXED_KEYS = [
  'data/os_name', 'data/os_distro', 'data/os_majorver', 'data/os_minorver', 'data/os_uname',
  'data/meminfo_total', 'data/meminfo_free',
  'attr/PVAddons/Installed', 'attr/PVAddons/MajorVersion', 'attr/PVAddons/MinorVersion',
  'attr/PVAddons/MicroVersion', 'attr/PVAddons/BuildVersion',
  'control/feature-balloon',
] as const;

/** Why: one map of path → value, so the publisher only has to diff two maps. */
export function renderReport(facts: GuestFacts): Map<string, string> {
  const out = new Map<string, string>();
  if (facts.os) for (const [name, value] of Object.entries(facts.os)) out.set(`data/${name}`, value);
  if (facts.memory) {
    out.set('data/meminfo_total', String(facts.memory.totalKb));
    out.set('data/meminfo_free', String(facts.memory.freeKb));
  }
  const [major = '0', minor = '0', micro = '0'] = facts.version.split(/[.+-]/);
  out.set('attr/PVAddons/Installed', '1');
  // xen-guest-agent notes that Xen Orchestra hides a major version of 0: never publish 0 there.
  out.set('attr/PVAddons/MajorVersion', major === '0' ? '1' : major);
  out.set('attr/PVAddons/MinorVersion', minor);
  out.set('attr/PVAddons/MicroVersion', micro);
  out.set('attr/PVAddons/BuildVersion', `ovmd-${facts.version}`);
  out.set('control/feature-balloon', facts.balloon ? '1' : '0');
  for (const vif of facts.vifs) {
    vif.ipv4.forEach((a, n) => a !== undefined && out.set(`${VIF_DIR}/${vif.vifId}/ipv4/${n}`, a));
    vif.ipv6.forEach((a, n) => a !== undefined && out.set(`${VIF_DIR}/${vif.vifId}/ipv6/${n}`, a));
  }
  return out;
}

/**
 * data/updated's value: the C asctime() shape xe-guest-utilities writes ("Mon Jan  2 15:04:05
 * 2006", local time). XAPI only checks that the node exists and watches it change.
 */
export function updatedStamp(now: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
  return `${days[now.getDay()]} ${months[now.getMonth()]} ${String(now.getDate()).padStart(2, ' ')} ${time} ${now.getFullYear()}`;
}
