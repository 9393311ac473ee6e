// The live-guest run: the cached Xen base and its live extras, the cached el9-shaped Debian root
// with this build's RPMs installed (a fresh disk image per run), fresh keys and passwords, the
// three batches, then one QEMU boot in which dom0's program (dom0/main.ts) boots the guest four
// times. Returns the checks and figures it printed.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { batchJson, demoBatch } from '../../e2e/demo-batch.js';
import { boot, type BootResult } from '../boot.js';
import { ensureBase } from '../images.js';
import { TOP } from '../layer.js';
import { parseChecks, parseMeasures, type CheckLine } from '../tap.js';
import { concatFiles, packCpio, put, putText, type Tree } from '../tree.js';
import { CACHE, RUNS } from '../vm.js';
import { buildDisk } from './disk.js';
import { DOM0_MODULES, ensureLiveParts } from './parts.js';
import { ensureLiveRoot } from './rootfs.js';
import { XEN_BIN } from '../images.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const N = 'com.oracle.linux.network.';

export interface LiveResult {
  checks: CheckLine[];
  measures: Record<string, string>;
  boot: BootResult;
  /** Host seconds spent building (caches, RPMs, disk image) before QEMU started. */
  buildS: number;
  installed: string[];
  /** The run's passwords (in memory only), for the leak check on the serial log. */
  passwords: string[];
}

const DOMU_CFG = `name = "domu"
type = "pv"
kernel = "/boot/vmlinux"
ramdisk = "/boot/domu-live.cpio"
memory = 1024
# One vCPU: with two, systemd in the guest crashes or hangs under TCG (../shared/realxen-live).
vcpus = 1
extra = "console=hvc0 root=/dev/xvda rw net.ifnames=0 rdinit=/init panic=-1"
disk = [ 'format=raw,vdev=xvda,access=rw,target=/dev/vda' ]
vif = [ 'bridge=br0,mac=00:16:3e:00:00:10' ]
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
`;

function keyPair(dir: string, name: string): { priv: string; pub: string } {
  const priv = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@live-xen`, '-f', priv]);
  return { priv, pub: readFileSync(`${priv}.pub`, 'utf8').trim() };
}

const replace = (batch: [string, string][], values: Record<string, string>): [string, string][] => batch.map(([k, v]) => [k, values[k] ?? v]);

/** The clone's batch also asks for an SELinux mode, which this guest cannot apply live (no SELinux). */
const withSelinux = (batch: [string, string][]): [string, string][] => [...batch.slice(0, -1), ['com.oracle.linux.selinux.mode', 'permissive'], batch.at(-1)!];

/** The batches: refused (a non-contiguous netmask), its correction, the clone's. */
function batches(dir: string, alicePub: string): Record<string, string> {
  const pw = () => `Pw-${randomBytes(9).toString('base64url')}`;
  const [root1, user1, root2, user2] = [pw(), pw(), pw(), pw()];
  const good = replace(demoBatch(root1, user1, alicePub), { 'com.oracle.linux.datetime.ntp-servers': '192.0.2.1' });
  // One wrong key: with two, the first correction to arrive would start a run that the second
  // wrong key refuses again (~1 min under TCG), since the guest keeps the root password.
  const fixes = { [`${N}netmask.0`]: '255.255.255.0' };
  const bad = replace(good, { [`${N}netmask.0`]: '255.0.255.0' });
  const clone = withSelinux(replace(demoBatch(root2, user2, alicePub), {
    [`${N}hostname`]: 'clone2.example.com', [`${N}host.0`]: '192.0.2.11 clone2.example.com clone2', [`${N}ipaddr.0`]: '192.0.2.11',
    'com.oracle.linux.user.name.0': 'bob', 'com.oracle.linux.ssh.user.0': 'bob', 'com.oracle.linux.datetime.timezone': 'Asia/Tokyo',
    'com.oracle.linux.datetime.ntp-servers': '192.0.2.1',
  }));
  const files: Record<string, string> = {
    // The corrected batch is the corrected key: the guest kept the rest, root password included.
    'bad.json': batchJson(bad), 'fixes.json': batchJson(Object.entries(fixes)), 'clone.json': batchJson(clone),
    secret1: `${root1}\n`, secret2: `${root2}\n`, secrets: `${[root1, user1, root2, user2].join('\n')}\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
  return Object.fromEntries(Object.keys(files).map((n) => [n, join(dir, n)]));
}

async function dom0Layer(dir: string, files: Record<string, string>, domuInitrd: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const t: Tree = { root: dir, libPath: [] };
  put(t, '/init', join(HERE, 'dom0-init.sh'), 0o755);
  putText(t, '/harness/vm.env', `XEN_BIN=${XEN_BIN}\nGUEST_TIMEOUT=1500\nDOM0_MODULES="${DOM0_MODULES.join(' ')}"\n`);
  putText(t, '/etc/xen/domu.cfg', DOMU_CFG);
  put(t, '/boot/domu-live.cpio', domuInitrd);
  for (const [name, file] of Object.entries(files)) put(t, `/harness/${name}`, file, 0o600);
  // ovm-vmmessage, the host's command, from the build (the guest gets the RPMs).
  for (const f of ['bin/ovm-vmmessage', 'package.json']) put(t, `/opt/ovm/${f}`, join(TOP, 'dist', f), 0o755);
  await build({
    entryPoints: [join(HERE, 'dom0/main.ts')], outfile: join(dir, 'harness/live.mjs'), bundle: true, platform: 'node',
    target: 'node20', format: 'esm', logLevel: 'warning',
  });
}

/** Why: one call from the vitest file or by hand runs the whole lifecycle. */
export async function runLive(o: { work?: string; onLine?: (line: string) => void; timeoutS?: number } = {}): Promise<LiveResult> {
  const t0 = performance.now();
  const work = o.work ?? join(RUNS, `live-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const secrets = join(work, 'secrets');
  rmSync(secrets, { recursive: true, force: true });
  mkdirSync(secrets, { mode: 0o700 });
  try {
    const base = ensureBase(CACHE);
    const parts = ensureLiveParts(CACHE);
    const cachedRoot = ensureLiveRoot(CACHE);
    const rootKey = keyPair(secrets, 'key');
    const alice = keyPair(secrets, 'alice');
    const disk = buildDisk(cachedRoot, work, rootKey.pub, parts.modules);
    const files = { ...batches(secrets, alice.pub), key: rootKey.priv, alice: alice.priv };
    await dom0Layer(join(work, 'dom0-layer'), files, parts.domuInitrd);
    packCpio(join(work, 'dom0-layer'), join(work, 'dom0-layer.cpio'));
    const initrd = join(work, 'dom0.cpio');
    concatFiles([base.dom0Cpio, parts.dom0Cpio, join(work, 'dom0-layer.cpio')], initrd);
    rmSync(join(work, 'dom0-layer'), { recursive: true, force: true });
    const buildS = Math.round(performance.now() - t0) / 1000;
    const result = await boot({
      xenElf: base.xenElf, vmlinux: base.vmlinux, initrd, work, timeoutS: o.timeoutS ?? 2000, onLine: o.onLine, memMb: 3072,
      qemuExtra: ['-drive', `file=${disk.image},format=raw,if=none,id=d0,cache=unsafe`, '-device', 'virtio-blk-pci,drive=d0'],
    });
    const passwords = readFileSync(join(secrets, 'secrets'), 'utf8').trim().split('\n');
    return { checks: parseChecks('dom0', result.dom0.out), measures: parseMeasures(result.dom0.out), boot: result, buildS, installed: disk.installed, passwords };
  } finally {
    // The initrd carries the keys and passwords; the disk, the guest's hashes of them.
    for (const f of ['dom0.cpio', 'dom0-layer.cpio', 'dom0-layer', 'root.img', 'root', 'secrets']) rmSync(join(work, f), { recursive: true, force: true });
  }
}
