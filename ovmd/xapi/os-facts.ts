// The data/os_* values from the guest's release files, pure (the caller reads the files). The
// rules follow what xe-guest-utilities' mk/xe-linux-distribution reports, so XAPI and Xen
// Orchestra show the same distribution names whichever agent runs: Red Hat-family release
// lines first (oracle, rhel, centos, rocky, almalinux, fedora, scientific, as a table),
// /etc/debian_version for Debian, then /etc/os-release (ID, VERSION_ID, PRETTY_NAME).
import type { OsFacts } from './report-layout.js';

/** The release files read, by guest path, in the order they are tried (a missing one is skipped). */
export const RELEASE_FILES = [
  '/etc/oracle-release', '/etc/enterprise-release', '/etc/rocky-release', '/etc/almalinux-release',
  '/etc/centos-release', '/etc/redhat-release', '/etc/debian_version', '/etc/os-release',
] as const;

/** A Red Hat-style release line → distro name and version (xe-linux-distribution's cases). */
const REDHAT_LINES: [RegExp, string][] = [
  [/^Oracle Linux Server release (\d+)(?:\.(\d+))?/, 'oracle'],
  [/^Enterprise Linux Enterprise Linux .* release (\d+)(?:\.(\d+))?/, 'oracle'],
  [/^Red Hat Enterprise Linux.* release (\d+)(?:\.(\d+))?/, 'rhel'],
  [/^CentOS (?:Linux |Stream )?release (\d+)(?:\.(\d+))?/, 'centos'],
  [/^Rocky Linux release (\d+)(?:\.(\d+))?/, 'rocky'],
  [/^AlmaLinux release (\d+)(?:\.(\d+))?/, 'almalinux'],
  [/^Fedora.*release (\d+)(?:\.(\d+))?/, 'fedora'],
  [/^Scientific Linux (?:SL )?release (\d+)(?:\.(\d+))?/, 'scientific'],
];

/** Why: one place decides the distribution, from file contents only (tests feed them). */
export function osFacts(files: Map<string, string>, unameRelease: string): OsFacts | undefined {
  for (const path of RELEASE_FILES) {
    const text = files.get(path);
    if (text === undefined) continue;
    const found = path === '/etc/debian_version' ? debian(text) : path === '/etc/os-release' ? osRelease(text) : redhat(text);
    if (found) return { ...found, os_uname: unameRelease };
  }
  return undefined;
}

type Named = Omit<OsFacts, 'os_uname'>;

function redhat(text: string): Named | undefined {
  const line = firstLine(text);
  for (const [pattern, distro] of REDHAT_LINES) {
    const m = pattern.exec(line);
    if (m) return { os_distro: distro, os_majorver: m[1]!, os_minorver: m[2] ?? '0', os_name: line };
  }
  return undefined;
}

function debian(text: string): Named | undefined {
  const line = firstLine(text);
  const m = /^(\d+)\.(\d+)/.exec(line);
  if (!m) return undefined; // testing/unstable ("trixie/sid"): os-release says more
  return { os_distro: 'debian', os_majorver: m[1]!, os_minorver: m[2]!, os_name: `Debian ${line}` };
}

function osRelease(text: string): Named | undefined {
  const v: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) v[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  if (!v.ID) return undefined;
  const m = /^(\d+)(?:\.(\d+))?/.exec(v.VERSION_ID ?? '');
  return {
    os_distro: v.ID,
    os_majorver: m?.[1] ?? 'unknown',
    os_minorver: m ? m[2] ?? '0' : 'unknown',
    os_name: v.PRETTY_NAME ?? v.NAME ?? v.ID,
  };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
