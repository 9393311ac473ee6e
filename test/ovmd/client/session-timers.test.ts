// An idle connection must wake nobody up: the request-timeout sweeper runs only while a
// request waits, and stops with the last reply (the daemon's idle CPU depends on it).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, type XenstoreClient } from '../../../ovmd/client/index.js';
import { startXenstored, type Xenstored } from '../../xenstored/testbed.js';

let xs: Xenstored;
let c: XenstoreClient;
beforeAll(async () => {
  xs = await startXenstored();
  c = await connect({ env: xs.env });
});
afterAll(async () => {
  await c?.close();
  await xs?.stop();
});

describe('request timeout sweeper', () => {
  it('is stopped as soon as the last outstanding request is answered', async () => {
    const live = new Set<unknown>();
    const realSet = globalThis.setInterval;
    const realClear = globalThis.clearInterval;
    const set = vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
      const h = realSet(fn, ms);
      live.add(h);
      return h;
    }) as typeof setInterval);
    const clear = vi.spyOn(globalThis, 'clearInterval').mockImplementation(((h: NodeJS.Timeout) => {
      live.delete(h);
      realClear(h);
    }) as typeof clearInterval);
    try {
      await c.write('/idle/k', 'v');
      const reads = await Promise.all([c.readString('/idle/k'), c.readString('/idle/k'), c.directory('/idle')]);
      expect(reads).toEqual(['v', 'v', ['k']]);
      expect(set).toHaveBeenCalled(); // the sweeper ran while requests waited
      expect(live.size).toBe(0); // and nothing is left to fire later
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });
});
