// The live guest's root directory: a Debian 12 systemd system made by mmdebstrap from the
// packages an Oracle Linux 9 minimal install runs (systemd, NetworkManager, OpenSSH, chrony,
// firewalld, the shadow tools), then shaped like OL9 where the modules look (el9.ts). Cached in
// .work/xen-vm/cache/live-root-<key>/ and rebuilt only when the package versions, node or this
// recipe change.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { candidates, withRetries } from '../packages.js';
import { shapeLikeEl9 } from './el9.js';

/** What the guest is made of (mmdebstrap --variant=minbase adds the essential packages). */
export const LIVE_PACKAGES = [
  'systemd', 'systemd-sysv', 'udev', 'dbus', 'network-manager', 'openssh-server', 'chrony', 'firewalld',
  'passwd', 'iproute2', 'iputils-ping', 'netbase', 'openssl', 'logrotate', 'procps', 'libpam-systemd', 'kmod',
];

function recipeKey(): string {
  const h = createHash('sha256');
  for (const [name, version] of candidates(LIVE_PACKAGES)) h.update(`${name}=${version}\n`);
  h.update(process.version);
  for (const f of ['rootfs.ts', 'el9.ts']) h.update(readFileSync(fileURLToPath(new URL(f, import.meta.url))));
  return h.digest('hex').slice(0, 12);
}

function build(dir: string): void {
  // Recommends stay out (mmdebstrap's default), as in a minimal install; apt's own cache and
  // lists are dropped by mmdebstrap at the end.
  withRetries('mmdebstrap of the live guest', () => {
    rmSync(dir, { recursive: true, force: true });
    execFileSync('mmdebstrap', ['--quiet', '--variant=minbase', `--include=${LIVE_PACKAGES.join(',')}`, 'bookworm', dir], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  });
  shapeLikeEl9(dir);
}

/** Why: returns the cached guest root, building it first (about a minute) when an input changed. */
export function ensureLiveRoot(cache: string): string {
  const dir = join(cache, `live-root-${recipeKey()}`);
  const root = join(dir, 'root');
  if (!existsSync(join(root, 'etc/os-release'))) {
    const tmp = `${dir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    build(join(tmp, 'root'));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    // Older roots (~330 MB each) are of no further use.
    for (const old of readdirSync(cache).filter((n) => n.startsWith('live-root-') && join(cache, n) !== dir && !n.endsWith('.tmp'))) rmSync(join(cache, old), { recursive: true, force: true });
  }
  return root;
}
