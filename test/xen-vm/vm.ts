// The harness API: build (or reuse) the images, add this run's layer, boot, and hand back the
// guest's and dom0's outputs and exit codes. Used by the vitest files, the CLI and bench-xen.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBase } from './images.js';
import { boot, type BootResult } from './boot.js';
import { buildLayers, TOP, type LayerSpec } from './layer.js';

export type { BootResult } from './boot.js';

/** Everything optional except the two commands. */
export type VmOptions = Partial<LayerSpec> & Pick<LayerSpec, 'guestCmd' | 'dom0Cmd'> & {
  /** Scratch directory for this run (initrd, serial.log). */
  work?: string;
  /** Hard limit on the whole QEMU run (default: the guest's limit plus 300 s for dom0's boot and the dumps). */
  timeoutS?: number;
  onLine?: (line: string) => void;
};

/** Where packages and base images are cached, and where runs put their scratch files. */
export const CACHE = join(TOP, '.work/xen-vm/cache');
export const RUNS = join(TOP, '.work/xen-vm/runs');
let runs = 0;

function spec(o: VmOptions): LayerSpec {
  return {
    guestCmd: o.guestCmd, dom0Cmd: o.dom0Cmd, guestFiles: o.guestFiles ?? {}, dom0Files: o.dom0Files ?? {},
    guestPrograms: o.guestPrograms ?? {}, dom0Programs: o.dom0Programs ?? {}, guestRoot: o.guestRoot,
    xenstored: o.xenstored ?? 'xenstored', domuType: o.domuType ?? 'pv', domuMemMb: o.domuMemMb ?? 448,
    domuCfg: o.domuCfg ?? [], guestTimeoutS: o.guestTimeoutS ?? 280,
  };
}

/** Why: one call from a test or a script runs a guest command and a dom0 command on real Xen. */
export async function runXenVm(options: VmOptions): Promise<BootResult & { buildMs: number }> {
  const t0 = performance.now();
  const work = options.work ?? join(RUNS, `run-${process.pid}-${++runs}`);
  mkdirSync(work, { recursive: true });
  const base = ensureBase(CACHE);
  const layers = spec(options);
  const initrd = await buildLayers(base, layers, work);
  const buildMs = Math.round(performance.now() - t0);
  const timeoutS = options.timeoutS ?? layers.guestTimeoutS + 300;
  const result = await boot({ xenElf: base.xenElf, vmlinux: base.vmlinux, initrd, work, timeoutS, onLine: options.onLine }).finally(() => rmSync(initrd, { force: true }));
  return { ...result, buildMs };
}
