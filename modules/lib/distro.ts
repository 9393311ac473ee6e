// The distro-family table (shared spec modules.md, "Distro families"; house style 11): every
// path, service and file format that differs between Oracle Linux / RHEL 6, 7, 8 and 9 is a
// row here, so modules look a trait up instead of testing the release with `if`s.
import type { FamilyId } from './types.js';

/** One row of the family table. */
export interface FamilyTraits {
  /** How services are enabled: SysV rc links (chkconfig) or systemd units. */
  serviceManager: 'sysv' | 'systemd';
  network: {
    /** ifcfg: /etc/sysconfig/network-scripts/ifcfg-<dev>; keyfile: NetworkManager keyfiles. */
    style: 'ifcfg' | 'keyfile';
    dir: string;
    /** The interface file's mode (NetworkManager ignores keyfiles others can read). */
    mode: number;
  };
  hostname: {
    /** sysconfig: HOSTNAME= in the file; plain: the file holds just the name. */
    style: 'sysconfig' | 'plain';
    path: string;
  };
  firewall: {
    /** Services enabled/started for "firewall on", in order. */
    services: string[];
    /** Used instead when none of `services` is installed but these are (el7/el8 only). */
    fallback: string[];
  };
  selinux: {
    /**
     * SELINUX=disabled in the config turns SELinux fully off (el6-el8), or only keeps the policy
     * from loading while the kernel still initialises it (el9+: RHEL 9 release notes; the
     * kernel argument selinux=0 is the complete way there).
     */
    configDisables: boolean;
  };
  time: {
    service: string;
    config: string;
    /** Where the hardware clock's UTC/local setting lives. */
    clock: { style: 'sysconfig' | 'adjtime'; path: string };
  };
}

const IFCFG = { style: 'ifcfg', dir: '/etc/sysconfig/network-scripts', mode: 0o644 } as const;
const PLAIN_HOSTNAME = { style: 'plain', path: '/etc/hostname' } as const;
const CHRONY = { service: 'chronyd', config: '/etc/chrony.conf', clock: { style: 'adjtime', path: '/etc/adjtime' } } as const;
const EL7_EL8: FamilyTraits = {
  serviceManager: 'systemd',
  network: IFCFG,
  hostname: PLAIN_HOSTNAME,
  firewall: { services: ['firewalld'], fallback: ['iptables', 'ip6tables'] },
  selinux: { configDisables: true },
  time: CHRONY,
};

/** Why: the one table of distro differences; el10 and later use the el9 row. */
export const FAMILIES: Readonly<Record<FamilyId, FamilyTraits>> = {
  el6: {
    serviceManager: 'sysv',
    network: IFCFG,
    hostname: { style: 'sysconfig', path: '/etc/sysconfig/network' },
    firewall: { services: ['iptables', 'ip6tables'], fallback: [] },
    selinux: { configDisables: true },
    time: { service: 'ntpd', config: '/etc/ntp.conf', clock: { style: 'sysconfig', path: '/etc/sysconfig/clock' } },
  },
  el7: EL7_EL8,
  // Oracle Linux 8 kept 7's layout: ifcfg files, firewalld with the iptables fallback, chrony.
  el8: EL7_EL8,
  el9: {
    serviceManager: 'systemd',
    network: { style: 'keyfile', dir: '/etc/NetworkManager/system-connections', mode: 0o600 },
    hostname: PLAIN_HOSTNAME,
    firewall: { services: ['firewalld'], fallback: [] },
    selinux: { configDisables: false },
    time: CHRONY,
  },
};

/** Why: a module's lookup of its family's row. */
export function traits(family: FamilyId): FamilyTraits {
  return FAMILIES[family];
}
