// Per-family facts the datetime module needs, as one table (shared spec modules.md, "Distro
// families": el6 runs ntpd with /etc/ntp.conf and /etc/sysconfig/clock; el7 and later run
// chronyd with /etc/chrony.conf and /etc/adjtime). The handler reads this table and has no
// family `if`s of its own.
import type { FamilyId } from '../lib/types.js';
import { setChronyLocalSource, setChronyServers } from './chrony-conf.js';
import { setNtpLocalSource, setNtpServers } from './ntp-conf.js';

export interface TimeFamily {
  /** The time service and how it is enabled: a systemd unit, or a SysV script with rc links. */
  service: { name: string; manager: 'systemd' | 'sysv' };
  /** The service's configuration file and the editors for it. */
  config: {
    path: string;
    setServers(text: string, servers: string[]): string;
    setLocalSource(text: string, on: boolean): string;
  };
  /**
   * How /etc/localtime points at the zone. el6 copies the zone file (tzdata's %post and
   * tzdata-update copy it, reading ZONE= from /etc/sysconfig/clock); systemd families use a
   * relative symlink, which is what `timedatectl set-timezone` creates.
   */
  localtime: 'copy' | 'symlink';
  /** el6's /etc/sysconfig/clock (ZONE=, UTC=); undefined where the family has none. */
  sysconfigClock?: string;
}

const CHRONY: Pick<TimeFamily, 'service' | 'config' | 'localtime'> = {
  service: { name: 'chronyd', manager: 'systemd' },
  config: { path: '/etc/chrony.conf', setServers: setChronyServers, setLocalSource: setChronyLocalSource },
  localtime: 'symlink',
};

/** Why: the family table of the time service, the clock files and the zone link style. */
export const TIME_FAMILIES: Readonly<Record<FamilyId, TimeFamily>> = {
  el6: {
    service: { name: 'ntpd', manager: 'sysv' },
    config: { path: '/etc/ntp.conf', setServers: setNtpServers, setLocalSource: setNtpLocalSource },
    localtime: 'copy',
    sysconfigClock: '/etc/sysconfig/clock',
  },
  el7: CHRONY,
  el8: CHRONY,
  el9: CHRONY,
};

/** hwclock(8) and adjtime(5): the hardware clock's UTC/LOCAL mode lives here on every family. */
export const ADJTIME = '/etc/adjtime';
export const LOCALTIME = '/etc/localtime';
export const ZONEINFO = '/usr/share/zoneinfo';
