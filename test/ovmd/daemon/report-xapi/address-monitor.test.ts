// The netlink path for real: `ip -o monitor address` in a private network namespace (unshare -n,
// so the machine's own interfaces are never touched) sees an address added to the loopback
// interface there, and the monitor turns that into a change event.
import { afterEach, describe, expect, it } from 'vitest';
import type { Log } from '../../../../ovmd/daemon/log.js';
import { ipMonitor, type AddressEvents } from '../../../../ovmd/daemon/report-xapi/address-monitor.js';

const log: Log = { info: () => undefined, warn: () => undefined, error: () => undefined, close: () => undefined };
let monitor: AddressEvents | undefined;
afterEach(() => monitor?.stop());

describe('ip monitor address', () => {
  it('reports an address added in its namespace, as an event (not at the next period)', async () => {
    // 400 ms after the monitor starts, the namespace's own loopback gets an address. The link
    // stays down, so that this address is the only change there (bringing lo up would add its own
    // addresses); no dummy interface either: containers often lack that kernel module.
    const script = '{ sleep 0.4; ip addr add 192.0.2.77/32 dev lo; } & exec ip -o monitor address';
    const events: number[] = [];
    monitor = ipMonitor(log, { program: 'unshare', args: ['-n', 'sh', '-c', script] });
    const started = performance.now();
    monitor.start(() => events.push(performance.now() - started));
    expect(events).toHaveLength(1); // the look at start, before anything changed
    await expect.poll(() => events.length, { timeout: 20_000, interval: 20 }).toBe(2);
    // Milliseconds on an idle machine (make bench measures it); the bound only
    // says it came from netlink, long before a period of several minutes, even on a busy machine.
    expect(events[1]).toBeLessThan(15_000);
  });

  it('an ip that cannot monitor (busybox) is given up after three quick failures, not restarted for ever', async () => {
    const said: string[] = [];
    let changes = 0;
    monitor = ipMonitor({ ...log, warn: (m) => void said.push(m) }, { program: 'sh', args: ['-c', 'echo "ip: invalid argument" >&2; exit 1'] });
    monitor.start(() => void changes++);
    await expect.poll(() => said.join('\n'), { timeout: 30_000, interval: 50 }).toMatch(/keeps failing \(exit 1\): address changes are seen only at each period/);
    expect(changes).toBe(1); // the first start looks once; the failed restarts do not
  });

  it('a missing tool leaves only the period, and says so', () => {
    const said: string[] = [];
    monitor = ipMonitor({ ...log, warn: (m) => void said.push(m) }, { program: 'no-such-ip-tool', args: [] });
    monitor.start(() => undefined);
    expect(said.join('\n')).toMatch(/no-such-ip-tool \(iproute2\) is not installed: address changes are seen only at each period/);
  });
});
