// What the live guest adds to the cached Xen base (../images.ts), cached beside it by package
// versions and recipe text: dom0's extras for a disk and a bridged network (blkback, netback,
// the bridge and virtio modules, Xen's hotplug scripts and the real tools they call, ssh,
// openssl for the password check) and the domU's small initramfs, which loads blkfront, ext4
// and netfront, mounts /dev/xvda and hands over to systemd.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackAll, type Unpacked } from '../packages.js';
import { packCpio, put, putModules, putProgram, putText, type Tree } from '../tree.js';

export interface LiveParts {
  /** Appended to dom0's initrd after the base. */
  dom0Cpio: string;
  /** The domU's whole initramfs. */
  domuInitrd: string;
  /** The kernel's unpacked /lib/modules/<version> (the guest gets its netfilter part). */
  modules: string;
}

/** In load order (modules.dep): virtio before virtio_pci, llc and stp before bridge. */
export const DOM0_MODULES = ['llc', 'stp', 'bridge', 'xen-netback', 'xen-blkback', 'virtio_ring', 'virtio', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'virtio_pci', 'virtio_blk'];
export const DOMU_MODULES = ['crc16', 'crc32c_generic', 'mbcache', 'jbd2', 'ext4', 'xen-blkfront', 'xen-netfront'];
// The hotplug scripts run under bash with /sbin:/bin first: the real tools must be there,
// before busybox's links (busybox --install -s does not replace existing files).
const DOM0_TOOLS: [string, string][] = [
  ['/bin/bash', '/usr/bin/bash'], ['/bin/ip', '/usr/sbin/ip'], ['/bin/flock', '/usr/bin/flock'], ['/bin/stat', '/usr/bin/stat'],
  ['/usr/bin/ssh', '/usr/bin/ssh'], ['/usr/bin/openssl', '/usr/bin/openssl'],
];

function pkg(parts: Unpacked[], prefix: string): Unpacked {
  const p = parts.find((u) => u.name.startsWith(prefix));
  if (!p) throw new Error(`package ${prefix}* was not unpacked`);
  return p;
}

function tree(dir: string): Tree {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { root: dir, libPath: [] };
}

function copyDir(t: Tree, dst: string, src: string): void {
  for (const name of readdirSync(src)) put(t, `${dst}/${name}`, join(src, name), 0o755);
}

function dom0Extras(dir: string, parts: Unpacked[], modules: string): void {
  const t = tree(dir);
  for (const [dst, src] of DOM0_TOOLS) putProgram(t, dst, src);
  putModules(t, modules, DOM0_MODULES);
  copyDir(t, '/etc/xen/scripts', join(pkg(parts, 'xen-utils-common').dir, 'etc/xen/scripts'));
}

const DOMU_INIT = `#!/bin/busybox sh
# The live domU's initramfs: the disk and network drivers and ext4 are modules in Debian's
# kernel; load them, mount the disk read-write and hand over to systemd.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
for m in ${DOMU_MODULES.join(' ')}; do insmod /modules/$m.ko; done
i=0; while [ ! -b /dev/xvda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
mkdir -p /newroot
mount -t ext4 -o rw /dev/xvda /newroot || { echo "@@INITRD mount of /dev/xvda failed"; sleep 2; poweroff -f; }
umount /proc /sys; mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
`;

function domuInitrd(dir: string, parts: Unpacked[], modules: string): void {
  const t = tree(dir);
  put(t, '/bin/busybox', join(pkg(parts, 'busybox-static').dir, 'bin/busybox'), 0o755);
  putModules(t, modules, DOMU_MODULES);
  putText(t, '/init', DOMU_INIT, 0o755);
  for (const d of ['proc', 'sys', 'dev']) mkdirSync(join(dir, d), { recursive: true });
}

function key(parts: Unpacked[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.name}=${p.version}\n`);
  for (const f of ['parts.ts', '../tree.ts']) h.update(readFileSync(fileURLToPath(new URL(f, import.meta.url))));
  return h.digest('hex').slice(0, 12);
}

/** Why: returns the cached extras, building them first (a few seconds) when an input changed. */
export function ensureLiveParts(cache: string): LiveParts {
  const parts = unpackAll(cache);
  const dir = join(cache, `live-parts-${key(parts)}`);
  const kernel = pkg(parts, 'linux-image-');
  const kver = readdirSync(join(kernel.dir, 'lib/modules'))[0]!;
  const modules = join(kernel.dir, 'lib/modules', kver);
  const out = { dom0Cpio: join(dir, 'dom0-live.cpio'), domuInitrd: join(dir, 'domu-live.cpio'), modules };
  if (!existsSync(out.domuInitrd)) {
    const tmp = `${dir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    dom0Extras(join(tmp, 'dom0'), parts, modules);
    domuInitrd(join(tmp, 'domu'), parts, modules);
    packCpio(join(tmp, 'dom0'), join(tmp, 'dom0-live.cpio'));
    packCpio(join(tmp, 'domu'), join(tmp, 'domu-live.cpio'));
    for (const d of ['dom0', 'domu']) rmSync(join(tmp, d), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return out;
}
