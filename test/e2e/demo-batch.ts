// The common real-world first-boot batch, shared by the demo and the end-to-end tests:
// hostname, static network, a user with an SSH key, time zone, NTP, firewall, and the root
// password last (it triggers the configuration). Keys: shared spec modules.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = 'com.oracle.linux.network.';

/** A fresh ed25519 public key from the real ssh-keygen. */
export function freshPublicKey(comment = 'alice@demo'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ovmd-key-'));
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', join(dir, 'id')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'id.pub'), 'utf8').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The batch in sending order; the two passwords are the caller's (canaries in tests). */
export function demoBatch(rootPassword: string, userPassword: string, publicKey: string): [string, string][] {
  return [
    [`${N}hostname`, 'demo-vm.example.com'],
    [`${N}host.0`, '192.0.2.10 demo-vm.example.com demo-vm'],
    [`${N}device.0`, 'eth0'],
    [`${N}onboot.0`, 'yes'],
    [`${N}bootproto.0`, 'static'],
    [`${N}ipaddr.0`, '192.0.2.10'],
    [`${N}netmask.0`, '255.255.255.0'],
    [`${N}gateway.0`, '192.0.2.1'],
    [`${N}dns-servers.0`, '192.0.2.53,198.51.100.53'],
    [`${N}dns-search-domains.0`, 'example.com'],
    ['com.oracle.linux.user.name.0', 'alice'],
    ['com.oracle.linux.user.action.0', 'add'],
    ['com.oracle.linux.user.password.0', userPassword],
    ['com.oracle.linux.ssh.user.0', 'alice'],
    ['com.oracle.linux.ssh.authorized-keys.0', publicKey],
    ['com.oracle.linux.datetime.timezone', 'Europe/London'],
    ['com.oracle.linux.datetime.ntp', 'True'],
    ['com.oracle.linux.datetime.ntp-servers', '0.pool.ntp.org,1.pool.ntp.org'],
    [`${N}firewall`, 'True'],
    ['com.oracle.linux.root-password', rootPassword],
  ];
}

/** The batch as a JSON object (keys keep their order), the form `ovm-vmmessage --file -` reads. */
export function batchJson(batch: [string, string][]): string {
  return JSON.stringify(Object.fromEntries(batch), null, 2);
}
