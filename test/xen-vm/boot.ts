// Runs QEMU (TCG: this host's /dev/kvm is kvm_pvm, which cannot run Xen) with Xen as a
// multiboot kernel, dom0's vmlinux and initrd as modules, and reads the markers dom0's /init
// prints on the serial console into outputs and exit codes.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { takeVmLock } from './lock.js';

/** What came back from one boot. */
export interface BootResult {
  guest: { out: string; rc: number | null };
  dom0: { out: string; rc: number | null };
  /** Host milliseconds from QEMU start to its exit. */
  wallMs: number;
  /** Host milliseconds since QEMU start at which each @@ marker line appeared. */
  marks: Record<string, number>;
  serialLog: string;
  /** Set when the run never reached @@HARNESS-DONE (boot failure, timeout). */
  failure?: string;
}

export interface BootSpec {
  xenElf: string;
  vmlinux: string;
  initrd: string;
  work: string;
  timeoutS: number;
  /** Called with each serial line as it arrives (for --stream). */
  onLine?: (line: string) => void;
  /** QEMU's memory in MB (default 2560). */
  memMb?: number;
  /** More QEMU arguments (the live guest's disk). */
  qemuExtra?: string[];
  /** Where to say that the run waits for another VM (default: stderr). */
  onProgress?: (line: string) => void;
}

// smap=0: under TCG Xen cannot write the PV kernel's exception frame with SMAP on and dom0
// dies at its first fault. bootscrub=0: no idle-loop RAM scrubbing burning emulated CPU.
// serial_tx_buffer: no lost console output without sync_console's 3 s countdown.
// dom0_mem: room in dom0's tmpfs for the save/restore test's image of the whole domU (~470 MB).
const XEN_ARGS = 'console=com1 com1=115200 serial_tx_buffer=1M loglvl=warning guest_loglvl=warning smap=0 bootscrub=0 dom0_mem=1400M dom0_max_vcpus=1';
const DOM0_ARGS = 'console=hvc0 earlyprintk=xen loglevel=4 panic=1 rdinit=/init';

function qemuArgs(spec: BootSpec): string[] {
  return [
    '-accel', 'tcg,thread=multi', '-cpu', 'max', '-m', String(spec.memMb ?? 2560), '-smp', '2',
    '-nodefaults', '-display', 'none', '-vga', 'none', '-no-reboot', '-monitor', 'none', '-serial', 'stdio',
    '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
    '-kernel', spec.xenElf, '-append', XEN_ARGS, '-initrd', `${spec.vmlinux} ${DOM0_ARGS},${spec.initrd}`,
    ...(spec.qemuExtra ?? []),
  ];
}

/** The lines between two markers (exclusive), or '' when the first is missing. */
export function between(lines: string[], begin: RegExp, end: RegExp): string[] {
  const from = lines.findIndex((l) => begin.test(l));
  if (from < 0) return [];
  const to = lines.findIndex((l, i) => i > from && end.test(l));
  return lines.slice(from + 1, to < 0 ? undefined : to);
}

/** Why: turns the serial console into the two commands' outputs and exit codes. */
export function parseSerial(text: string): Omit<BootResult, 'wallMs' | 'marks' | 'serialLog'> {
  const lines = text.replace(/\r/g, '').split('\n');
  const dom0 = between(lines, /^@@DOM0-BEGIN/, /^@@DOM0-EXIT/).filter((l) => !l.startsWith('(XEN)'));
  const log = between(lines, /^@@GUEST-LOG-BEGIN/, /^@@GUEST-LOG-END/);
  const guest = between(log, /^@@GUEST-BEGIN/, /^@@GUEST-EXIT/);
  const done = lines.find((l) => l.startsWith('@@HARNESS-DONE'));
  const num = (re: RegExp) => (done?.match(re) ? Number(done.match(re)![1]) : null);
  return {
    guest: { out: guest.join('\n'), rc: num(/guest_rc=(\d+)/) },
    dom0: { out: dom0.join('\n'), rc: num(/dom0_rc=(\d+)/) },
    failure: done ? undefined : 'no @@HARNESS-DONE marker: the boot failed or timed out (see serial.log)',
  };
}

/**
 * Why: a CI log keeps only its tail, so a boot that never finished must say in one line how it
 * ended, how far it got and what the console printed last.
 */
export function explainFailure(text: string, marks: Record<string, number>, how: string): string {
  const last = Object.entries(marks).sort((a, b) => b[1] - a[1])[0];
  const where = last ? `last marker @@${last[0]} at ${Math.round(last[1] / 1000)} s` : 'no marker at all';
  const tail = text.replace(/\r/g, '').split('\n').map((l) => l.trim()).filter((l) => l.length > 0).slice(-3).map((l) => l.slice(0, 120));
  return `no @@HARNESS-DONE marker: ${how}; ${where}; console ended with: ${tail.join(' | ')}`;
}

/** Why: the CPU QEMU got and the host's load, for a failure's one line. */
export function hostShare(cpu: number | null, load = loadavg()): string {
  const got = cpu === null ? 'QEMU CPU time unknown' : `QEMU had ${Math.round(cpu)} s of CPU`;
  return `${got}; host load ${load.map((l) => l.toFixed(1)).join(' ')}`;
}

/**
 * Why: a boot that ran out of time on a busy host is told apart from one that hung by how much
 * CPU QEMU actually got (user plus system time from /proc, in seconds), or null once it is gone.
 */
export function cpuSeconds(pid: number | undefined, proc = '/proc'): number | null {
  try {
    const stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold blanks) start with the state, field 3.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    return null;
  }
}

/** Why: one boot of the whole VM, bounded by timeoutS, with the serial console kept on disk. */
export async function boot(spec: BootSpec): Promise<BootResult> {
  mkdirSync(spec.work, { recursive: true });
  const lock = await takeVmLock(spec.onProgress);
  try {
    return await bootLocked(spec, lock.fd);
  } finally {
    lock.release();
  }
}

// QEMU gets the lock's descriptor too (as fd 3), so the lock lasts as long as the VM even if
// this process dies first.
function bootLocked(spec: BootSpec, lockFd: number): Promise<BootResult> {
  const serialLog = join(spec.work, 'serial.log');
  const log = createWriteStream(serialLog);
  const t0 = performance.now();
  const marks: Record<string, number> = {};
  let text = '';
  let partial = '';
  return new Promise((resolve, reject) => {
    const q = spawn('qemu-system-x86_64', qemuArgs(spec), { stdio: ['ignore', 'pipe', 'pipe', lockFd] });
    let atLimit = false;
    // QEMU's CPU time, sampled while it runs (it cannot be read after it has gone).
    let cpu: number | null = null;
    const sampler = setInterval(() => { cpu = cpuSeconds(q.pid) ?? cpu; }, 5000);
    const timer = setTimeout(() => {
      atLimit = true;
      cpu = cpuSeconds(q.pid) ?? cpu;
      q.kill('SIGKILL');
    }, spec.timeoutS * 1000);
    const take = (chunk: Buffer) => {
      const s = chunk.toString('latin1');
      text += s;
      log.write(chunk);
      const parts = (partial + s).split('\n');
      partial = parts.pop()!;
      for (const line of parts.map((l) => l.replace(/\r$/, ''))) {
        const m = line.match(/^@@([A-Z0-9-]+)/);
        if (m && marks[m[1]!] === undefined) marks[m[1]!] = Math.round(performance.now() - t0);
        spec.onLine?.(line);
      }
    };
    q.stdout!.on('data', take);
    q.stderr!.on('data', take);
    q.on('error', reject);
    q.on('close', () => {
      clearTimeout(timer);
      clearInterval(sampler);
      log.end();
      const wallMs = Math.round(performance.now() - t0);
      const parsed = parseSerial(text);
      const ended = atLimit ? `QEMU stopped at its ${spec.timeoutS} s limit` : `QEMU ended by itself after ${Math.round(wallMs / 1000)} s`;
      if (parsed.failure) parsed.failure = explainFailure(text, marks, `${ended} (${hostShare(cpu)})`);
      writeFileSync(join(spec.work, 'marks.json'), JSON.stringify({ wallMs, marks, failure: parsed.failure }, null, 1));
      resolve({ ...parsed, wallMs, marks, serialLog });
    });
  });
}
