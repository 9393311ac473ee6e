// dom0's hands on the live guest: create and stop the domain, wait for it on the network (ping,
// the sshd banner, a login), run commands over ssh (one multiplexed connection per user: a new
// connection costs ~5 s under TCG), and ask ovm-vmmessage.
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { sleep } from '../../guest/tap.js';

export const CFG = '/etc/xen/domu.cfg';
export const GUEST_LOG = '/var/log/xen/console/guest-domu.log';

export interface Ran {
  ok: boolean;
  code: number | null;
  out: string;
  err: string;
}

/** Why: every command here has a time limit and gives back its output even when it failed. */
export function run(cmd: string, args: string[], input?: string, timeoutMs = 120_000): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: timeoutMs, stdio: ['pipe', 'pipe', 'pipe'] });
  return { ok: r.status === 0, code: r.status, out: (r.stdout ?? '').trim(), err: `${r.stderr ?? ''}${r.error ? ` ${r.error.message}` : ''}`.trim() };
}

const masters = new Set<string>();

function sshArgs(key: string, target: string): string[] {
  return ['-i', key, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5',
    '-o', 'LogLevel=ERROR', '-o', 'ControlMaster=auto', '-o', 'ControlPath=/tmp/cm-%C', '-o', 'ControlPersist=900', target];
}

/** Why: a remote command over the user's one shared connection; stdin carries any secret. */
export function ssh(key: string, target: string, command: string, input?: string, timeoutMs = 120_000): Ran {
  masters.add(`${key}\0${target}`);
  return run('ssh', [...sshArgs(key, target), command], input ?? '', timeoutMs);
}

/** Why: before the guest goes away its connections must close, or later commands would hang on them. */
export function closeMasters(): void {
  for (const m of masters) {
    const [key, target] = m.split('\0') as [string, string];
    run('ssh', ['-O', 'exit', ...sshArgs(key, target)], '', 5000);
  }
  masters.clear();
}

export function domid(): string | undefined {
  const r = run('xl', ['domid', 'domu']);
  return r.ok && r.out ? r.out : undefined;
}

/** Why: starts the domain; returns its id and the start time every boot figure counts from. */
export function create(extra?: string): { id: string; t0: number } {
  const t0 = Date.now();
  const r = run('xl', ['create', CFG, ...(extra ? [extra] : [])], undefined, 120_000);
  const id = domid();
  if (!r.ok || !id) throw new Error(`xl create failed: ${r.out} ${r.err}`);
  return { id, t0 };
}

/** Why: waits for the domain to disappear after a poweroff or reboot (on_* = destroy); destroys it after the limit. */
export async function awaitGone(limitMs = 120_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (!domid()) return true;
    await sleep(500);
  }
  const id = domid();
  if (id) run('xl', ['destroy', id]);
  return false;
}

export async function until(test: () => boolean | Promise<boolean>, limitMs: number, stepMs = 500): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await test()) return true;
    await sleep(stepMs);
  }
  return false;
}

export const pings = (ip: string) => run('ping', ['-c', '1', '-W', '1', ip], undefined, 5000).ok;

/** The first line sshd sends, or '' when nothing answers on port 22. */
export function banner(ip: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port: 22, timeout: 3000 });
    let got = '';
    const done = (v: string) => {
      s.destroy();
      resolve(v);
    };
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\n')) done(got.split('\n')[0]!.trim());
    });
    s.on('timeout', () => done(''));
    s.on('error', () => done(''));
    s.on('close', () => done(got.trim()));
  });
}

/** ovm-vmmessage for the current domain. */
export function vm(id: string, args: string[], input?: string, timeoutMs = 600_000): Ran {
  return run('ovm-vmmessage', ['--domid', id, ...args], input, timeoutMs);
}

export const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);
