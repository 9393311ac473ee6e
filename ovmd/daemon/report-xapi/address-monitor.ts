// Address changes as events, from the kernel's netlink notifications: `ip -o monitor address`
// (iproute2, found on the fixed PATH) prints one line per address added or removed, so a change
// reaches the host within milliseconds instead of at the next period. Only the fact "something
// changed" is used; the addresses themselves are read afresh each time (guest-inputs.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { findTool, SAFE_PATH } from '../../../template.d/runner/tool-path.js';
import type { Log } from '../log.js';

/** A source of "the addresses may have changed" events; tests inject their own. */
export interface AddressEvents {
  start(onChange: () => void): void;
  stop(): void;
}

/** How long to wait before starting `ip monitor` again after it exited. */
const RESTART_MS = 1000;
/** A run shorter than this that ended in failure means this `ip` cannot monitor (busybox's cannot). */
const SHORT_RUN_MS = 2000;
/** Short failed runs in a row after which the monitor is given up for good. */
const GIVE_UP_AFTER = 3;

/** The command that prints a line per address change; tests run it in a private network namespace. */
export const IP_MONITOR = { program: 'ip', args: ['-o', 'monitor', 'address'] };

/** The netlink monitor; without iproute2 the daemon's period is the only re-check (logged once). */
export function ipMonitor(log: Log, command = IP_MONITOR): AddressEvents {
  let child: ChildProcess | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  const run = (onChange: () => void) => {
    const ip = findTool(command.program);
    if (!ip) return log.warn(`${command.program} (iproute2) is not installed: address changes are seen only at each period (-t)`);
    child = spawn(ip, command.args, { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: SAFE_PATH, LC_ALL: 'C' } });
    child.stdout!.on('data', () => onChange());
    child.on('error', (e) => log.warn(`cannot run ${ip} monitor: ${e.message}`));
    const started = Date.now();
    child.on('exit', (code) => {
      child = undefined;
      failures = code !== 0 && Date.now() - started < SHORT_RUN_MS ? failures + 1 : 0;
      if (failures >= GIVE_UP_AFTER) {
        return log.warn(`${ip} ${command.args.join(' ')} keeps failing (exit ${code}): address changes are seen only at each period (-t)`);
      }
      if (!stopped) timer = setTimeout(() => run(onChange), RESTART_MS);
    });
    if (failures === 0) onChange(); // anything that changed while it was not running
  };
  return {
    start: (onChange) => run(onChange),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      child?.kill('SIGTERM');
    },
  };
}
