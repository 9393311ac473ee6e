// Which host this guest runs on, from what the toolstack put in xenstore, so nobody has to
// configure it: Oracle VM creates control/oracle-vmapi; a XAPI host (xenopsd) writes
// unique-domain-id for every domain it builds and may write vm-data; plain xl writes neither
// until `ovm-vmmessage` is used. The sysconfig settings (settings.ts) can force each side.
import { tryReadText, type XsOps } from '../vmapi/xs-port.js';
import { CHANNEL_DIR } from '../vmapi/layout.js';
import { VM_DATA_DIR } from '../xapi/key-path.js';

/** What xenstore shows of the host. */
export interface HostSigns {
  oracle: boolean;
  xapi: boolean;
}

/** Why: one read of three nodes decides it, on each connection and each period. */
export async function detectHost(xs: XsOps): Promise<HostSigns> {
  const [channel, unique, vmData] = await Promise.all(
    [CHANNEL_DIR, 'unique-domain-id', VM_DATA_DIR].map((p) => tryReadText(xs, p).catch(() => undefined)),
  );
  return { oracle: channel !== undefined, xapi: unique !== undefined || vmData !== undefined };
}

/** XAPI_REPORT: "auto" reports on a XAPI host, and on any host that is not Oracle VM. */
export function xapiReportOn(setting: 'auto' | 'yes' | 'no', signs: HostSigns): boolean {
  if (setting !== 'auto') return setting === 'yes';
  return signs.xapi || !signs.oracle;
}

/** A one-line description for the log. */
export function describeHost(signs: HostSigns): string {
  if (signs.oracle && signs.xapi) return 'Oracle VM channel and XAPI keys both present';
  if (signs.oracle) return 'Oracle VM channel present';
  if (signs.xapi) return 'XAPI host (unique-domain-id or vm-data present)';
  return 'neither Oracle VM channel nor XAPI keys present (plain xl?)';
}
