// The parts of the VM that do not change between runs, built once per set of package versions
// (and per version of this recipe) into .work/xen-vm/cache/base-<key>/: the hypervisor as an
// ELF, the kernel as a plain vmlinux, and the two base initramfs archives.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackAll, type Unpacked } from './packages.js';
import { packCpio, put, putModules, putProgram, putText, type Tree } from './tree.js';

/** The cached base: paths of the four large files. */
export interface Base {
  dir: string;
  xenElf: string;
  vmlinux: string;
  dom0Cpio: string;
  domuCpio: string;
  versions: string[];
}

export const XEN_BIN = '/usr/lib/xen-4.17/bin';
const DOM0_XEN = ['xl', 'xenstored', 'oxenstored', 'xenconsoled', 'xenconsole', 'xen-init-dom0', 'xenstore-control', 'libxl-save-helper'];
const XS_TOOLS = ['read', 'write', 'ls', 'list', 'rm', 'exists', 'chmod', 'watch'];
/** What the runner and the built-in modules run on a guest (flock for the run lock: busybox-static has none; iproute2's ip for ovmd's netlink monitor: busybox's cannot monitor). */
const GUEST_TOOLS = ['/usr/sbin/ip', '/usr/bin/flock', '/usr/bin/systemctl', '/usr/bin/openssl', '/usr/bin/ssh-keygen', '/usr/sbin/chpasswd', '/usr/sbin/useradd', '/usr/sbin/usermod', '/usr/sbin/groupadd'];

function pkg(parts: Unpacked[], prefix: string): Unpacked {
  const p = parts.find((u) => u.name.startsWith(prefix));
  if (!p) throw new Error(`package ${prefix}* was not unpacked`);
  return p;
}

function newTree(dir: string, parts: Unpacked[]): Tree {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const libPath = parts.filter((u) => u.name.startsWith('lib')).map((u) => join(u.dir, 'usr/lib/x86_64-linux-gnu'));
  return { root: dir, libPath };
}

/** Node, stripped of its debug info (99 -> 86 MB): fewer bytes to unpack under emulation. */
function putNode(tree: Tree, stripped: string): void {
  putProgram(tree, '/usr/bin/node', process.execPath);
  put(tree, '/usr/bin/node', stripped, 0o755);
}

function putCommon(tree: Tree, parts: Unpacked[], stripped: string): void {
  put(tree, '/bin/busybox', join(pkg(parts, 'busybox-static').dir, 'bin/busybox'), 0o755);
  putNode(tree, stripped);
  const xs = join(pkg(parts, 'xenstore-utils').dir, 'usr/bin/xenstore');
  putProgram(tree, '/usr/bin/xenstore', xs);
  for (const t of XS_TOOLS) put(tree, `/usr/bin/xenstore-${t}`, xs, 0o755); // the tool picks its verb from argv[0]
  putText(tree, '/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n');
  putText(tree, '/etc/group', 'root:x:0:\n');
}

function dom0Tree(dir: string, parts: Unpacked[], stripped: string, vmlinux: string, modules: string): void {
  const tree = newTree(dir, parts);
  putCommon(tree, parts, stripped);
  const utils = pkg(parts, 'xen-utils-4.17').dir;
  for (const b of DOM0_XEN) putProgram(tree, `${XEN_BIN}/${b}`, join(utils, XEN_BIN, b));
  put(tree, '/etc/xen/oxenstored.conf', join(pkg(parts, 'xen-utils-common').dir, 'etc/xen/oxenstored.conf'));
  putText(tree, '/etc/xen/xl.conf', '');
  putModules(tree, modules, ['xen-evtchn', 'xen-privcmd', 'xenfs', 'xen-gntdev', 'xen-gntalloc', 'xen-netback']); // netback: loaded only by tests that give the guest a vif
  put(tree, '/boot/vmlinux', vmlinux);
}

function domuTree(dir: string, parts: Unpacked[], stripped: string, modules: string): void {
  const tree = newTree(dir, parts);
  putCommon(tree, parts, stripped);
  for (const t of GUEST_TOOLS) putProgram(tree, t, t);
  putModules(tree, modules, ['xen-privcmd', 'xenfs', 'xen-netfront']);
}

/** Debian's bzImage carries an xz vmlinux; Xen and libxenguest would unpack it slowly under TCG. */
function extractVmlinux(vmlinuz: string, out: string): void {
  const image = readFileSync(vmlinuz);
  const at = image.indexOf(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
  if (at < 0) throw new Error(`no xz payload in ${vmlinuz}`);
  const r = spawnSync('xz', ['-dc'], { input: image.subarray(at), maxBuffer: 1 << 30 });
  if (r.stdout.subarray(0, 4).toString('latin1') !== '\x7fELF') throw new Error(`could not extract vmlinux from ${vmlinuz}`);
  writeFileSync(out, r.stdout);
}

function recipeKey(parts: Unpacked[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.name}=${p.version}\n`);
  h.update(process.version);
  for (const f of ['images.ts', 'tree.ts']) h.update(readFileSync(fileURLToPath(new URL(f, import.meta.url))));
  return h.digest('hex').slice(0, 12);
}

function build(dir: string, parts: Unpacked[]): void {
  const kernel = pkg(parts, 'linux-image-');
  const kver = readdirSync(join(kernel.dir, 'lib/modules'))[0]!;
  const modules = join(kernel.dir, 'lib/modules', kver);
  extractVmlinux(join(kernel.dir, 'boot', `vmlinuz-${kver}`), join(dir, 'vmlinux'));
  execFileSync('sh', ['-c', 'zcat "$1" > "$2"', 'sh', join(pkg(parts, 'xen-hypervisor').dir, 'boot/xen-4.17-amd64.gz'), join(dir, 'xen.elf')]);
  const stripped = join(dir, 'node.stripped');
  execFileSync('strip', ['-o', stripped, process.execPath]);
  dom0Tree(join(dir, 'dom0'), parts, stripped, join(dir, 'vmlinux'), modules);
  domuTree(join(dir, 'domu'), parts, stripped, modules);
  packCpio(join(dir, 'dom0'), join(dir, 'dom0-base.cpio'));
  packCpio(join(dir, 'domu'), join(dir, 'domu-base.cpio'));
  for (const t of ['dom0', 'domu', 'node.stripped']) rmSync(join(dir, t), { recursive: true, force: true });
}

/** Why: returns the cached base, building it first when the packages or this recipe changed. */
export function ensureBase(cache: string): Base {
  const parts = unpackAll(cache);
  const dir = join(cache, `base-${recipeKey(parts)}`);
  if (!existsSync(join(dir, 'dom0-base.cpio'))) {
    const tmp = `${dir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    build(tmp, parts);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  const versions = parts.map((p) => `${p.name}=${p.version}`);
  return { dir, xenElf: join(dir, 'xen.elf'), vmlinux: join(dir, 'vmlinux'), dom0Cpio: join(dir, 'dom0-base.cpio'), domuCpio: join(dir, 'domu-base.cpio'), versions };
}
