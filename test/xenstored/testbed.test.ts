// The harness itself: real daemons start and stop cleanly, and the guest bridge multiplexes
// many clients over one ring like the Linux driver (req_id and token rewriting, cleanup).
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type XenstoreClient } from '../../ovmd/client/index.js';
import { Op, parseStringList } from '../../ovmd/protocol/index.js';
import { xsTool } from '../ovmd/client/peers.js';
import { RawWire } from './raw-wire.js';
import { startGuest, startXenstored, type Flavour, type GuestEndpoint, type Xenstored } from './testbed.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.each(['c', 'oxenstored'] as Flavour[])('testbed with %s', (flavour) => {
  let xs: Xenstored;
  let guest: GuestEndpoint;
  beforeAll(async () => {
    xs = await startXenstored({ flavour });
    guest = await startGuest(xs, 7);
  });
  afterAll(async () => {
    await xs?.stop();
  });

  it('serves the dom0 socket to the libxenstore tools', async () => {
    await xsTool(xs.env, 'xenstore-write', '/tb/a', 'b');
    expect((await xsTool(xs.env, 'xenstore-read', '/tb/a')).toString()).toBe('b\n');
  });

  it('provisions /local/domain/7 with the libxl permissions', async () => {
    const c = await connect({ env: xs.env });
    try {
      expect(await c.getPerms('/local/domain/7')).toEqual(['n0', 'r7']);
      expect(await c.getPerms('/local/domain/7/control')).toEqual(['n0', 'r7']);
      for (const rw of ['control/shutdown', 'control/feature-poweroff', 'data', 'attr', 'feature', 'error', 'drivers']) {
        expect(await c.getPerms(`/local/domain/7/${rw}`)).toEqual(['n7']);
      }
      expect(await c.readString('/local/domain/7/name')).toBe('guest7');
    } finally {
      await c.close();
    }
  });

  it('restores each client its own req_id and routes the reply to it', async () => {
    const a = await RawWire.open(guest.socket);
    const b = await RawWire.open(guest.socket);
    a.send(Op.READ, 42, ['name']);
    b.send(Op.GET_DOMAIN_PATH, 42, ['7']);
    const ra = await a.next();
    const rb = await b.next();
    expect([ra.type, ra.reqId, ra.payload.toString()]).toEqual([Op.READ, 42, 'guest7']);
    expect([rb.type, rb.reqId, rb.payload.toString()]).toEqual([Op.GET_DOMAIN_PATH, 42, '/local/domain/7\0']);
    await Promise.all([a.close(), b.close()]);
  });

  it('lets two clients use the same watch token, each getting its own events', async () => {
    const a = await RawWire.open(guest.socket);
    const b = await RawWire.open(guest.socket);
    a.send(Op.WATCH, 1, ['data/wa', 'tok']);
    b.send(Op.WATCH, 1, ['data/wb', 'tok']);
    expect((await a.next((m) => m.type !== Op.WATCH_EVENT)).type).toBe(Op.WATCH);
    expect((await b.next((m) => m.type !== Op.WATCH_EVENT)).type).toBe(Op.WATCH);
    await xsTool(xs.env, 'xenstore-write', '/local/domain/7/data/wb/x', '1');
    const ev = await b.next((m) => m.type === Op.WATCH_EVENT && m.payload.includes('wb/x'));
    expect(parseStringList(ev.payload)).toEqual(['data/wb/x', 'tok']);
    expect([ev.reqId, ev.txId]).toEqual([0, 0]);
    const aEvents = parseStringList((await a.next((m) => m.type === Op.WATCH_EVENT)).payload);
    expect(aEvents).toEqual(['data/wa', 'tok']); // only its own initial event
    await Promise.all([a.close(), b.close()]);
  });

  it('removes the watches of a client that leaves (no watch quota leak)', async () => {
    // The domain may hold at most 128 (C) or 100 (oxenstored) watches: 150 clients that each
    // leave a watch behind would exhaust it unless the bridge sends UNWATCH for them.
    for (let i = 0; i < 150; i++) {
      const c = await connect({ env: guest.env });
      await c.watch(`data/leak${i}`, () => undefined);
      await c.close();
    }
    const c = await connect({ env: guest.env });
    await c.watch('data/final', () => undefined);
    await c.close();
  });

  it('aborts the open transactions of a client that leaves (no transaction quota leak)', async () => {
    for (let round = 0; round < 3; round++) {
      const c = await connect({ env: guest.env });
      const held: Promise<unknown>[] = [];
      for (let i = 0; i < 8; i++) {
        let started!: () => void;
        const running = new Promise<void>((r) => (started = r));
        const p = c.transaction(async (tx) => {
          await tx.write(`data/tx${round}-${i}`, 'x');
          started();
          await new Promise(() => undefined); // never commits
        });
        held.push(p.catch(() => undefined));
        await Promise.race([running, p]); // a refused TRANSACTION_START fails the test here
      }
      await c.close();
    }
    const c = await connect({ env: guest.env });
    await c.transaction(async (tx) => tx.write('data/tx-final', 'ok'));
    expect(await c.tryRead('data/tx0-0')).toBeUndefined();
    await c.close();
  });

  it("refuses a client's RESET_WATCHES and another client's tx_id, keeping others' watches", async () => {
    const keeper: XenstoreClient = await connect({ env: guest.env });
    const events: string[] = [];
    await keeper.watch('data/keep', (p) => events.push(p));
    const raw = await RawWire.open(guest.socket);
    raw.send(Op.RESET_WATCHES, 5, []);
    const r = await raw.next();
    expect([r.type, r.payload.toString()]).toEqual([Op.ERROR, 'EACCES\0']);
    raw.send(Op.READ, 6, ['name'], 12345);
    const t = await raw.next();
    expect([t.type, t.payload.toString()]).toEqual([Op.ERROR, 'ENOENT\0']);
    await xsTool(xs.env, 'xenstore-write', '/local/domain/7/data/keep/x', '1');
    await keeper.write('data/keep-marker', '1');
    await expect.poll(() => events, { timeout: 15_000 }).toContain('data/keep/x');
    await raw.close();
    await keeper.close();
  });

  it('refuses a request over the xenbus device limit (4080 payload bytes) with E2BIG, as the device does', async () => {
    const raw = await RawWire.open(guest.socket);
    raw.send(Op.WRITE, 8, ['data/big', 'x'.repeat(4080 - 'data/big'.length - 1)]);
    const over = await raw.next((m) => m.reqId === 8);
    expect([over.type, over.payload.toString()]).toEqual([Op.ERROR, 'E2BIG\0']);
    raw.send(Op.READ, 9, ['domid']);
    const still = await raw.next((m) => m.reqId === 9);
    expect([still.type, still.payload.toString()]).toEqual([Op.READ, '7']);
    await raw.close();
  });
});

describe('lifecycle', () => {
  it('stops daemon and bridge by PID and removes the run directory', async () => {
    const xs = await startXenstored();
    await startGuest(xs, 3);
    const pid = xs.pid;
    expect(alive(pid)).toBe(true);
    await xs.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(xs.dir)).toBe(false);
  });

  it('restarts on the same socket with an empty store', async () => {
    const xs = await startXenstored();
    try {
      await xsTool(xs.env, 'xenstore-write', '/before', '1');
      const old = xs.pid;
      await xs.restart();
      expect(xs.pid).not.toBe(old);
      expect(alive(old)).toBe(false);
      await expect(xsTool(xs.env, 'xenstore-read', '/before')).rejects.toThrow();
    } finally {
      await xs.stop();
    }
  });

  it("keeps oxenstored's run files out of /var/run/xenstored", async () => {
    const db = '/var/run/xenstored/db';
    const before = existsSync(db) ? statSync(db).mtimeMs : undefined;
    const xs = await startXenstored({ flavour: 'oxenstored' });
    await xs.stop();
    expect(existsSync(db) ? statSync(db).mtimeMs : undefined).toBe(before);
  });
});
