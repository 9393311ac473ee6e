// The small per-run layer: init scripts, the commands to run, the built bundles (dist/), guest
// programs bundled from TypeScript, an el9-shaped guest root with the built modules registered.
// The domU initramfs (cached base + its layer) travels inside dom0's layer as /boot/domu.cpio.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatFiles, packCpio, put, putText, type Tree } from './tree.js';
import { XEN_BIN, type Base } from './images.js';

export const TOP = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = dirname(fileURLToPath(import.meta.url));

/** What one run puts into the VM besides the base. */
export interface LayerSpec {
  guestCmd: string;
  dom0Cmd: string;
  /** Image path -> host path; relative image paths land in /harness. */
  guestFiles: Record<string, string>;
  dom0Files: Record<string, string>;
  /** Image name in /harness -> TypeScript entry, bundled as an ES module for node. */
  guestPrograms: Record<string, string>;
  dom0Programs: Record<string, string>;
  /** Host directory copied to /guest/root in the domU (e.g. an el9 scratch root). */
  guestRoot?: string;
  xenstored: 'xenstored' | 'oxenstored';
  domuType: 'pv' | 'pvh';
  domuMemMb: number;
  domuCfg: string[];
  guestTimeoutS: number;
}

function tree(dir: string): Tree {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { root: dir, libPath: [] };
}

function putFiles(t: Tree, files: Record<string, string>): void {
  for (const [dst, src] of Object.entries(files)) put(t, dst.startsWith('/') ? dst : `/harness/${dst}`, src, 0o755);
}

async function putPrograms(t: Tree, programs: Record<string, string>): Promise<void> {
  for (const [name, entry] of Object.entries(programs)) {
    await build({
      entryPoints: [entry], outfile: join(t.root, 'harness', name), bundle: true, platform: 'node',
      target: 'node20', format: 'esm', logLevel: 'warning',
      // Bundled CommonJS dependencies may call require(); give ESM output one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
  }
}

/** The built commands and modules, as the RPM would install them, under /opt/ovm. */
function putDist(t: Tree): void {
  for (const sub of ['bin', 'modules', 'python', 'package.json']) cpSync(join(TOP, 'dist', sub), join(t.root, 'opt/ovm', sub), { recursive: true });
}

function envFile(spec: LayerSpec): string {
  return `XEN_BIN=${XEN_BIN}\nXENSTORED=${spec.xenstored}\nGUEST_TIMEOUT=${spec.guestTimeoutS}\n`;
}

function domuCfg(spec: LayerSpec): string {
  const lines = [
    'name = "domu"', `type = "${spec.domuType}"`, 'kernel = "/boot/vmlinux"', 'ramdisk = "/boot/domu.cpio"',
    `memory = ${spec.domuMemMb}`, 'vcpus = 1', 'extra = "console=hvc0 loglevel=1 panic=-1 rdinit=/init"',
    'on_poweroff = "destroy"', 'on_reboot = "destroy"', 'on_crash = "destroy"',
  ];
  // PVH under TCG's nested SVM: never trap the TSC (RDTSCP length check loops) and hide AVX.
  if (spec.domuType === 'pvh') lines.push('tsc_mode = "native"', 'cpuid = "host,avx=0,avx2=0"');
  return `${[...lines, ...spec.domuCfg].join('\n')}\n`;
}

async function domuLayer(spec: LayerSpec, dir: string): Promise<void> {
  const t = tree(dir);
  put(t, '/init', join(HERE, 'domu-init.sh'), 0o755);
  putText(t, '/harness/vm.env', envFile(spec));
  putText(t, '/harness/guest-cmd.sh', `${spec.guestCmd}\n`, 0o755);
  putDist(t);
  putFiles(t, spec.guestFiles);
  await putPrograms(t, spec.guestPrograms);
  if (spec.guestRoot) cpSync(spec.guestRoot, join(dir, 'guest/root'), { recursive: true, verbatimSymlinks: true });
}

async function dom0Layer(spec: LayerSpec, dir: string, domuCpio: string): Promise<void> {
  const t = tree(dir);
  put(t, '/init', join(HERE, 'dom0-init.sh'), 0o755);
  putText(t, '/harness/vm.env', envFile(spec));
  putText(t, '/harness/dom0-cmd.sh', `${spec.dom0Cmd}\n`, 0o755);
  putText(t, '/etc/xen/domu.cfg', domuCfg(spec));
  putDist(t);
  putFiles(t, spec.dom0Files);
  await putPrograms(t, spec.dom0Programs);
  put(t, '/boot/domu.cpio', domuCpio);
}

/** Why: builds both layers in `work` and returns the one initrd dom0 boots from. */
export async function buildLayers(base: Base, spec: LayerSpec, work: string): Promise<string> {
  await domuLayer(spec, join(work, 'domu-layer'));
  packCpio(join(work, 'domu-layer'), join(work, 'domu-layer.cpio'));
  concatFiles([base.domuCpio, join(work, 'domu-layer.cpio')], join(work, 'domu.cpio'));
  await dom0Layer(spec, join(work, 'dom0-layer'), join(work, 'domu.cpio'));
  packCpio(join(work, 'dom0-layer'), join(work, 'dom0-layer.cpio'));
  const initrd = join(work, 'dom0.cpio');
  concatFiles([base.dom0Cpio, join(work, 'dom0-layer.cpio')], initrd);
  for (const d of ['domu-layer', 'dom0-layer', 'domu.cpio', 'domu-layer.cpio', 'dom0-layer.cpio']) rmSync(join(work, d), { recursive: true, force: true });
  return initrd;
}
