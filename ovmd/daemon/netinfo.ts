// The guest's network interfaces as reported to the host: name, MAC and addresses. Read from
// os.networkInterfaces(), or from a JSON file when IP_SOURCE names one (tests and the demo feed
// addresses that way). Loopback is left out: the host cannot use it.
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** One interface as sent in ovmd.ip-addresses. */
export interface InterfaceReport {
  name: string;
  mac: string;
  ipv4: string[];
  ipv6: string[];
}

/** Reads the interfaces from the system or a JSON file; sorted by name for stable reports. */
export function readInterfaces(source: string): InterfaceReport[] {
  if (source !== 'system') return normalise(JSON.parse(readFileSync(source, 'utf8')) as InterfaceReport[]);
  const out: InterfaceReport[] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (!addresses || addresses.every((a) => a.internal)) continue;
    out.push({
      name,
      mac: addresses[0]?.mac ?? '',
      ipv4: addresses.filter((a) => a.family === 'IPv4').map((a) => a.address),
      ipv6: addresses.filter((a) => a.family === 'IPv6').map((a) => a.address),
    });
  }
  return normalise(out);
}

function normalise(list: InterfaceReport[]): InterfaceReport[] {
  return list
    .map((i) => ({ name: String(i.name), mac: String(i.mac ?? ''), ipv4: [...(i.ipv4 ?? [])].sort(), ipv6: [...(i.ipv6 ?? [])].sort() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); // not localeCompare: that loads ICU's collation data into the daemon (about 3 MB resident)
}
