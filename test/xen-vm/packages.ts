// The Debian packages the VM is made of, fetched with `apt-get download` and unpacked with
// `dpkg-deb -x` into a private cache, so nothing of Xen is installed on (or boots) the machine.
// Versions come from `apt-cache policy`; they name the cache entries and key the images.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Packages unpacked into the cache; the kernel's name is found at run time. */
export const PACKAGES = [
  'xen-hypervisor-4.17-amd64', 'xen-utils-4.17', 'xen-utils-common', 'xenstore-utils', 'busybox-static',
  'libxencall1', 'libxendevicemodel1', 'libxenevtchn1', 'libxenforeignmemory1', 'libxengnttab1',
  'libxenhypfs1', 'libxenmisc4.17', 'libxenstore4', 'libxentoolcore1', 'libxentoollog1', 'libyajl2',
];

/** A package pinned to the version apt would install, and where it is unpacked. */
export interface Unpacked {
  name: string;
  version: string;
  dir: string;
}

function sh(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Why: a download from the mirror can fail for a moment (a CI machine's first run fetches every
 * package); three tries, 5 and 20 s apart, before the run fails with the last error.
 */
export function withRetries<T>(what: string, step: () => T, pausesS = [5, 20]): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (attempt >= pausesS.length) throw error;
      process.stderr.write(`xen-vm: ${what} failed (${(error as Error).message.split('\n')[0]}); trying again in ${pausesS[attempt]} s\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pausesS[attempt]! * 1000);
    }
  }
}

/** Why: the guest kernel is whatever linux-image-amd64 points at on this mirror (6.1.0-N). */
export function kernelPackage(): string {
  const m = sh('apt-cache', ['depends', 'linux-image-amd64']).match(/Depends: (linux-image-[\w.-]+-amd64)/);
  if (!m) throw new Error('apt-cache does not know linux-image-amd64 (run apt-get update)');
  return m[1]!;
}

/** Why: the candidate versions are the cache key, so a new Debian upload rebuilds the images. */
export function candidates(names: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const section of sh('apt-cache', ['policy', ...names]).split(/^(?=\S+:$)/m)) {
    const m = section.match(/^(\S+):\n[\s\S]*?Candidate: (\S+)/);
    if (m && m[2] !== '(none)') found.set(m[1]!, m[2]!);
  }
  const missing = names.filter((n) => !found.has(n));
  if (missing.length) throw new Error(`apt has no candidate for ${missing.join(', ')} (run apt-get update)`);
  return found;
}

/** Why: downloads and unpacks one package once; later calls reuse the unpacked tree. */
export function unpack(cache: string, name: string, version: string): Unpacked {
  const dir = join(cache, 'pkg', `${name}_${version.replace(/[:~]/g, '_')}`);
  if (existsSync(dir)) return { name, version, dir };
  const debs = join(cache, 'debs');
  mkdirSync(debs, { recursive: true });
  // As root apt drops to _apt for the download; -o ... Sandbox::User=root avoids a warning
  // (and a failure when _apt cannot write the cache).
  withRetries(`apt-get download ${name}=${version}`, () => sh('apt-get', ['download', '-q', '-o', 'APT::Sandbox::User=root', `${name}=${version}`], debs));
  const deb = readdirSync(debs).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb') && f.includes(version.replace(/^\d+:/, '')));
  if (!deb) throw new Error(`apt-get download ${name}=${version} left no .deb in ${debs}`);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(cache, 'pkg'), { recursive: true });
  sh('dpkg-deb', ['-x', join(debs, deb), tmp]);
  renameSync(tmp, dir);
  return { name, version, dir };
}

/** Why: every package the images need, unpacked, with their versions for the cache key. */
export function unpackAll(cache: string): Unpacked[] {
  const versions = candidates([...PACKAGES, kernelPackage()]);
  return [...versions].map(([name, version]) => unpack(cache, name, version));
}
