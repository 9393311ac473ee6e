// One Xen VM on the machine at a time: QEMU under TCG takes both cores, and two VMs side by side
// make each other's timeouts fire. Every boot takes an exclusive flock(2) on one well-known file
// (the same lock `flock /tmp/ovm-xen-vm.lock <cmd>` takes by hand), so tests, benches, the CLI
// and other people's runs queue instead.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

export const VM_LOCK = '/tmp/ovm-xen-vm.lock';

/** A held lock: `fd` keeps it (pass it on to QEMU so it lasts as long as the VM); release closes it. */
export interface VmLock {
  fd: number;
  waitedMs: number;
  release(): void;
}

/** flock(1) on our own descriptor: the lock belongs to the open file, which stays in this process. */
function flockFd(fd: number, wait: boolean): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const p = spawn('flock', [wait ? '-x' : '-xn', '3'], { stdio: ['ignore', 'ignore', 'inherit', fd] });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(true) : code === 1 && !wait ? resolve(false) : reject(new Error(`flock on ${VM_LOCK} failed (exit ${code})`))));
  });
}

/** Why: waits (saying so once, then every minute) until no other VM runs, and holds the lock. */
export async function takeVmLock(say: (line: string) => void = (l) => process.stderr.write(`${l}\n`), path = VM_LOCK): Promise<VmLock> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_CREAT, 0o666);
  const t0 = performance.now();
  try {
    if (!(await flockFd(fd, false))) {
      say(`xen-vm: another Xen VM is running (lock ${path}); waiting for it to finish`);
      const tick = setInterval(() => say(`xen-vm: still waiting for ${path} (${Math.round((performance.now() - t0) / 1000)} s)`), 60_000);
      try {
        await flockFd(fd, true);
      } finally {
        clearInterval(tick);
      }
      say(`xen-vm: got ${path} after ${Math.round((performance.now() - t0) / 1000)} s`);
    }
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let open = true;
  const release = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return { fd, waitedMs: Math.round(performance.now() - t0), release };
}
