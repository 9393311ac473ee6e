// The daemon's settings from /etc/sysconfig/ovmd (re-read on SIGHUP) and the first-boot flag
// from either sysconfig file (shared spec ovmd.md, "First boot"). The setting names are this
// project's and are documented in docs/guest-messages.md.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import type { OvmdPaths } from './paths.js';
import { flag, parseSysconfig, setSysconfigValue } from './sysconfig.js';

/** The daemon's settings from /etc/sysconfig/ovmd (docs/guest-messages.md). */
export interface DaemonSettings {
  /** A trigger also reconfigures a system that was configured before (Oracle's behaviour). */
  reconfigureOnTrigger: boolean;
  /** Send the guest's addresses to the host when they change. */
  reportIp: boolean;
  /** Where addresses come from: "system", or a JSON file (tests and the demo feed it). */
  ipSource: string;
  /** Time budget of the first-boot wait, in seconds. */
  firstBootTimeout: number;
  /** Receive messages and send reports through Oracle VM's channel (ORACLE_CHANNEL). */
  oracleChannel: boolean;
  /** Take parameters from XAPI's vm-data (XAPI_VM_DATA). */
  xapiVmData: boolean;
  /** Publish the keys a XAPI host reads: auto = on a XAPI host or any host but Oracle VM (XAPI_REPORT). */
  xapiReport: 'auto' | 'yes' | 'no';
  /** Seconds between two readings of the guest's free memory for the XAPI report (XAPI_MEMORY_PERIOD). */
  xapiMemoryPeriod: number;
}

function autoFlag(value: string | undefined): 'auto' | 'yes' | 'no' {
  if (value === undefined || /^auto$/i.test(value)) return 'auto';
  return flag(value, true) ? 'yes' : 'no';
}

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Reads /etc/sysconfig/ovmd under the root; missing file or keys give the defaults. */
export function loadSettings(paths: OvmdPaths): DaemonSettings {
  const values = parseSysconfig(readText(paths.sysconfigOvmd));
  const timeout = Number(values.FIRST_BOOT_TIMEOUT);
  return {
    reconfigureOnTrigger: flag(values.RECONFIGURE_ON_TRIGGER, true),
    reportIp: flag(values.REPORT_IP, true),
    ipSource: values.IP_SOURCE || 'system',
    firstBootTimeout: Number.isFinite(timeout) && timeout > 0 ? timeout : 900,
    oracleChannel: flag(values.ORACLE_CHANNEL, true),
    xapiVmData: flag(values.XAPI_VM_DATA, true),
    xapiReport: autoFlag(values.XAPI_REPORT),
    xapiMemoryPeriod: Number(values.XAPI_MEMORY_PERIOD) > 0 ? Number(values.XAPI_MEMORY_PERIOD) : 60,
  };
}

/** The sysconfig files that can arm first boot, the systemd one first. */
function armFiles(paths: OvmdPaths): string[] {
  return [paths.sysconfigInitial, paths.sysconfigOvmd];
}

/** True when INITIAL_CONFIG=yes in either sysconfig file. */
export function firstBootArmed(paths: OvmdPaths): boolean {
  return armFiles(paths).some((f) => flag(parseSysconfig(readText(f)).INITIAL_CONFIG, false));
}

/** Sets INITIAL_CONFIG=no wherever it is yes, keeping every other line. */
export function disarmFirstBoot(paths: OvmdPaths): void {
  for (const file of armFiles(paths)) {
    const text = readText(file);
    if (!flag(parseSysconfig(text).INITIAL_CONFIG, false)) continue;
    writeFileAtomic(file, setSysconfigValue(text, 'INITIAL_CONFIG', 'no'), 0o644);
  }
}
