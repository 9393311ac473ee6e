// Where the XAPI report's facts come from: release files, uname, /proc/meminfo, the network
// interfaces and their vif ids in sysfs, the balloon driver. Behind one interface so tests can
// drive every input; systemInputs() reads the real ones (the file and sysfs roots movable).
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces, release } from 'node:os';
import { join } from 'node:path';
import { RELEASE_FILES } from '../../xapi/os-facts.js';
import { underRoot } from '../paths.js';

/** One interface's addresses. */
export interface InterfaceAddresses {
  name: string;
  ipv4: string[];
  ipv6: string[];
  /** Only from a JSON source (tests, demo): the vif id sysfs would give. */
  vif?: number;
}

/** The inputs of the XAPI report. */
export interface GuestInputs {
  releaseFiles(): Map<string, string>;
  unameRelease(): string;
  meminfo(): string;
  interfaces(): InterfaceAddresses[];
  /** The toolstack's vif id of an interface (sysfs device/nodename "device/vif/<id>"), if it is one. */
  vifId(iface: InterfaceAddresses): number | undefined;
  balloon(): boolean;
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The real inputs. `root` relocates the release files (--root), `sysRoot` /sys and /proc (tests),
 * `ipSource` is the daemon's IP_SOURCE ("system" or a JSON file of interfaces).
 */
export function systemInputs(options: { root?: string; sysRoot?: string; ipSource?: string } = {}): GuestInputs {
  const root = options.root ?? '/';
  const sys = options.sysRoot ?? '/';
  return {
    releaseFiles: () => {
      const files = new Map<string, string>();
      for (const f of RELEASE_FILES) {
        const text = readOr(underRoot(root, f));
        if (text !== undefined) files.set(f, text);
      }
      return files;
    },
    unameRelease: () => release(),
    meminfo: () => readOr(join(sys, 'proc/meminfo')) ?? '',
    interfaces: () => (options.ipSource && options.ipSource !== 'system' ? fromFile(options.ipSource) : fromSystem()),
    vifId: (iface) => iface.vif ?? vifFromSysfs(sys, iface.name),
    balloon: () => existsSync(join(sys, 'sys/devices/system/xen_memory/xen_memory0')),
  };
}

/** xe-guest-utilities and xen-guest-agent both take the id from this node, e.g. "device/vif/0". */
export function vifFromSysfs(sysRoot: string, name: string): number | undefined {
  if (name.includes('/') || name.startsWith('.')) return undefined;
  const text = readOr(join(sysRoot, 'sys/class/net', name, 'device/nodename'));
  const m = /^device\/vif\/(\d+)$/.exec(text?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}

function fromSystem(): InterfaceAddresses[] {
  return Object.entries(networkInterfaces()).flatMap(([name, list]) => {
    if (!list || list.every((a) => a.internal)) return [];
    return [{ name, ipv4: list.filter((a) => a.family === 'IPv4').map((a) => a.address), ipv6: list.filter((a) => a.family === 'IPv6').map((a) => a.address) }];
  });
}

function fromFile(file: string): InterfaceAddresses[] {
  const list = JSON.parse(readFileSync(file, 'utf8')) as InterfaceAddresses[];
  return list.map((i) => ({ name: String(i.name), ipv4: [...(i.ipv4 ?? [])], ipv6: [...(i.ipv6 ?? [])], ...(typeof i.vif === 'number' ? { vif: i.vif } : {}) }));
}
