// What the datetime module needs to know about a family, looked up in the SDK's distro table
// (modules/lib/distro.ts: the time service, its config file, where the clock mode lives, the
// service manager) plus the two facts only this module uses: which editor fits the service's
// config file, and how /etc/localtime points at the zone. No family `if`s in the handler.
import { traits } from '../lib/distro.js';
import type { FamilyId } from '../lib/types.js';
import { setChronyLocalSource, setChronyServers } from './chrony-conf.js';
import { setNtpLocalSource, setNtpServers } from './ntp-conf.js';

export interface TimeFamily {
  /** The time service and how it is enabled: a systemd unit, or a SysV script with rc links. */
  service: { name: string; manager: 'systemd' | 'sysv' };
  config: { path: string } & ConfigEditor;
  /** Where the hardware clock's mode is kept: adjtime's third line, or UTC= in sysconfig/clock. */
  clock: { style: 'sysconfig' | 'adjtime'; path: string };
  localtime: 'copy' | 'symlink';
}

interface ConfigEditor {
  setServers(text: string, servers: string[]): string;
  setLocalSource(text: string, on: boolean): string;
}

const EDITORS: Readonly<Record<string, ConfigEditor>> = {
  chronyd: { setServers: setChronyServers, setLocalSource: setChronyLocalSource },
  ntpd: { setServers: setNtpServers, setLocalSource: setNtpLocalSource },
};

// el6 keeps a copy of the zone file: tzdata's %post and tzdata-update copy it again from ZONE=
// in /etc/sysconfig/clock. systemd families use a relative symlink, the form
// `timedatectl set-timezone` writes and localtime(5) describes.
const LOCALTIME: Readonly<Record<'sysv' | 'systemd', 'copy' | 'symlink'>> = { sysv: 'copy', systemd: 'symlink' };

/** Why: the one lookup of everything family-specific the datetime handler uses. */
export function timeFamily(id: FamilyId): TimeFamily {
  const row = traits(id);
  const editor = EDITORS[row.time.service];
  if (editor === undefined) throw new Error(`no editor for the configuration of ${row.time.service}`);
  return {
    service: { name: row.time.service, manager: row.serviceManager },
    config: { path: row.time.config, ...editor },
    clock: row.time.clock,
    localtime: LOCALTIME[row.serviceManager],
  };
}

/** localtime(5): the file the C library reads the system's zone from. */
export const LOCALTIME_PATH = '/etc/localtime';
/** tzfile(5): the compiled zones, named Area/City, as the tzdata package installs them. */
export const ZONEINFO = '/usr/share/zoneinfo';
