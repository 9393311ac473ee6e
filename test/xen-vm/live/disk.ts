// One run's disk: a copy of the cached guest root with the toolkit installed from the project's
// own RPMs (rpm -i --nodeps: the packages' files, modes, units and %post scriptlets, in a chroot
// as a template build would run them), sealed as a template is (no host keys, empty machine-id,
// first boot armed), the harness's key for root, then made into an ext4 image.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRpms } from '../../packaging/helpers/rpms.js';

/** The packages a guest installs (ovm-vmmessage belongs to the host). */
const GUEST_PACKAGES = /^(ovmd|ovm-template-config.*)$/;

export interface Disk {
  image: string;
  /** Package file names installed, for the report. */
  installed: string[];
}

/** Why: the toolkit in the guest is what the RPMs install, not a copy of dist/. */
export function installRpms(root: string, work: string): string[] {
  const built = buildRpms(join(work, 'rpmbuild'));
  const files = [...built.packages].filter(([name]) => GUEST_PACKAGES.test(name)).map(([, file]) => file);
  // --root runs the scriptlets chrooted; --nodeps: the image's packages are Debian's.
  execFileSync('rpm', ['-i', '--nodeps', '--nosignature', '--root', root, '--dbpath', '/var/lib/rpm', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
  rmSync(join(work, 'rpmbuild'), { recursive: true, force: true });
  return files.map((f) => f.split('/').pop()!);
}

function seal(root: string, rootPublicKey: string): void {
  // `service ovmd enable-initial-config` finds the script through /etc/init.d, as on el9.
  symlinkSync('../rc.d/init.d/ovmd', join(root, 'etc/init.d/ovmd'));
  const armed = join(root, 'etc/sysconfig/ovm-template-initial-config');
  writeFileSync(armed, readFileSync(armed, 'utf8').replace(/^INITIAL_CONFIG=.*$/m, 'INITIAL_CONFIG=yes'));
  for (const f of execFileSync('sh', ['-c', 'ls "$1"/etc/ssh/ssh_host_* 2>/dev/null || true', 'sh', root], { encoding: 'utf8' }).split('\n').filter(Boolean)) rmSync(f);
  writeFileSync(join(root, 'etc/machine-id'), '');
  // The template builder's way in (kept by cleanup, as on a real template): root's key.
  mkdirSync(join(root, 'root/.ssh'), { recursive: true, mode: 0o700 });
  writeFileSync(join(root, 'root/.ssh/authorized_keys'), `${rootPublicKey}\n`, { mode: 0o600 });
  chmodSync(join(root, 'root/.ssh'), 0o700);
}

// firewalld's nftables backend needs these (and what they load) as modules of this kernel.
const MODULE_DIRS = ['kernel/net/netfilter', 'kernel/net/ipv4/netfilter', 'kernel/net/ipv6/netfilter', 'kernel/lib'];

/** Why: the guest kernel loads nf_tables and friends on demand; the root has no modules otherwise. */
function putKernelModules(root: string, modules: string): void {
  const kver = modules.split('/').pop()!;
  const to = join(root, 'lib/modules', kver);
  for (const d of MODULE_DIRS) {
    mkdirSync(join(to, d, '..'), { recursive: true });
    execFileSync('cp', ['-a', join(modules, d), join(to, d, '..')]);
  }
  for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo']) execFileSync('cp', [join(modules, f), to]);
  execFileSync('chroot', [root, 'depmod', '-a', kver]);
}

/** Why: builds the run's disk image from the cached root (a few seconds plus the RPM build). */
export function buildDisk(cachedRoot: string, work: string, rootPublicKey: string, modules: string): Disk {
  const root = join(work, 'root');
  rmSync(root, { recursive: true, force: true });
  // cp -a: owners (the _chrony, systemd-journal... files), modes and setuid bits as built.
  execFileSync('cp', ['-a', cachedRoot, root]);
  putKernelModules(root, modules);
  const installed = installRpms(root, work);
  seal(root, rootPublicKey);
  const image = join(work, 'root.img');
  rmSync(image, { force: true });
  execFileSync('mkfs.ext4', ['-q', '-F', '-L', 'root', '-d', root, image, '1G']);
  rmSync(root, { recursive: true, force: true });
  return { image, installed };
}
