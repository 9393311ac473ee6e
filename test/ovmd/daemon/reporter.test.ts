// The reporter's queue under concurrency: the daemon's periodic tick and an address change can
// both flush at once; each report must still go out once, and a newer value must not be lost.
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../../ovmd/daemon/reporter.js';
import type { DaemonState } from '../../../ovmd/daemon/run-record.js';
import type { Log } from '../../../ovmd/daemon/log.js';
import type { XsOps, XsPort } from '../../../ovmd/vmapi/xs-port.js';

/** An in-memory store whose transactions take a while, so flushes overlap as on a busy guest. */
function slowStore(): { port: XsPort; sent: () => string[] } {
  const nodes = new Map<string, string>();
  const ops: XsOps = {
    read: async (p) => {
      const v = nodes.get(p);
      if (v === undefined) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
      return Buffer.from(v);
    },
    write: async (p, v) => void nodes.set(p, v.toString()),
    rm: async (p) => void nodes.delete(p),
    mkdir: async () => undefined,
    directory: async (p) => [...new Set([...nodes.keys()].filter((k) => k.startsWith(`${p}/`)).map((k) => k.slice(p.length + 1).split('/')[0]!))],
  };
  const port: XsPort = {
    ...ops,
    transaction: async (fn) => {
      await new Promise((r) => setTimeout(r, 20));
      return fn(ops);
    },
    watch: async () => ({ close: () => undefined }),
  };
  const sent = () =>
    [...nodes.entries()].filter(([k]) => /from-guest\/\d+\/0$/.test(k)).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([, v]) => v);
  return { port, sent };
}

function memoryState(): DaemonState {
  const sent = new Map<string, string>();
  return { lastSent: (k: string) => sent.get(k), markSent: (k: string, v: string) => void sent.set(k, v) } as unknown as DaemonState;
}

const quiet: Log = { info: () => undefined, warn: () => undefined, error: () => undefined, close: () => undefined };

describe('Reporter', () => {
  it('sends a report once when two flushes overlap', async () => {
    const store = slowStore();
    const reporter = new Reporter(memoryState(), quiet, () => store.port);
    await Promise.all([reporter.send('ovmd.ip-addresses', '[1]'), reporter.flush(), reporter.flush()]);
    expect(store.sent()).toEqual(['[1]']);
    expect(reporter.pending()).toBe(0);
  });

  it('keeps a newer value queued while the older one is in flight, and sends it next', async () => {
    const store = slowStore();
    const reporter = new Reporter(memoryState(), quiet, () => store.port);
    const first = reporter.send('ovmd.ip-addresses', '[1]');
    const second = reporter.send('ovmd.ip-addresses', '[2]');
    await Promise.all([first, second]);
    await reporter.flush();
    expect(store.sent().at(-1)).toBe('[2]');
    expect(store.sent().filter((v) => v === '[1]').length).toBeLessThanOrEqual(1);
  });
});
