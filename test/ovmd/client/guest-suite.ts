// Client behaviour as the unprivileged guest domU 7, through the multiplexing ring bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, XenstoreError, type XenstoreClient } from '../../../ovmd/client/index.js';
import { startGuest, startXenstored, type Flavour, type GuestEndpoint, type Xenstored } from '../../xenstored/testbed.js';
import { xsTool } from './peers.js';
import { recorder, saw } from './recorder.js';

const DOM = '/local/domain/7';

export function guestSuite(flavour: Flavour): void {
  describe(`client as domU 7 against ${flavour}`, () => {
    let xs: Xenstored;
    let guest: GuestEndpoint;
    let g: XenstoreClient;
    let dom0: XenstoreClient;
    beforeAll(async () => {
      xs = await startXenstored({ flavour });
      guest = await startGuest(xs, 7);
      g = await connect({ env: guest.env });
      dom0 = await connect({ env: xs.env });
    });
    afterAll(async () => {
      await g?.close();
      await dom0?.close();
      await xs?.stop();
    });

    it('sees the libxl layout through relative paths under /local/domain/7', async () => {
      expect(await g.readString('name')).toBe('guest7');
      expect(await g.readString('domid')).toBe('7');
      expect(await g.getDomainPath(7)).toBe(DOM);
      await g.write('data/k', 'from-guest');
      expect(await dom0.readString(`${DOM}/data/k`)).toBe('from-guest');
      expect(await g.getPerms('data/k')).toEqual(['n7']);
    });

    it("gets EACCES on nodes it may not touch", async () => {
      await expect(g.write('name', 'evil')).rejects.toMatchObject({ code: 'EACCES', op: 'WRITE', path: 'name' });
      await dom0.write('/secret/k', 's');
      await dom0.setPerms('/secret/k', ['n0']);
      await expect(g.read('/secret/k')).rejects.toMatchObject({ code: 'EACCES' });
      await expect(g.setPerms('data/k', ['n3'])).rejects.toBeInstanceOf(XenstoreError);
    });

    it("gets EACCES on another domain's nodes: read, write and list", async () => {
      await dom0.write('/local/domain/8/data/x', 'theirs');
      await dom0.setPerms('/local/domain/8/data', ['n8']);
      await dom0.setPerms('/local/domain/8/data/x', ['n8']);
      await expect(g.read('/local/domain/8/data/x')).rejects.toMatchObject({ code: 'EACCES', op: 'READ' });
      await expect(g.write('/local/domain/8/data/y', 'mine')).rejects.toMatchObject({ code: 'EACCES', op: 'WRITE' });
      await expect(g.directory('/local/domain/8/data')).rejects.toMatchObject({ code: 'EACCES', op: 'DIRECTORY' });
      expect(await dom0.tryRead('/local/domain/8/data/y')).toBeUndefined();
    });

    it('is refused a value over the per-node quota (2048 bytes), and keeps its old value', async () => {
      await g.write('data/quota', 'small');
      const err = await g.write('data/quota', Buffer.alloc(2049, 0x41)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(XenstoreError);
      // C counts it against the node quota (ENOSPC); oxenstored against quota-maxsize (E2BIG; spec §1.10).
      expect((err as XenstoreError).code).toBe(flavour === 'c' ? 'ENOSPC' : 'E2BIG');
      expect(await g.readString('data/quota')).toBe('small');
    });

    it('hits the per-domain transaction quota with ENOSPC, then recovers', async () => {
      let openGate!: () => void;
      const gate = new Promise<void>((r) => (openGate = r));
      const held: Promise<unknown>[] = [];
      let refusal: unknown;
      // Open transactions one by one (each waits at the gate) until xenstored refuses one.
      while (refusal === undefined && held.length < 20) {
        let started!: () => void;
        const running = new Promise<void>((r) => (started = r));
        const p = g.transaction(async (tx) => {
          await tx.read('name');
          started();
          await gate;
        }, { attempts: 1 });
        const first = await Promise.race([running.then(() => 'running'), p.then(() => 'done', (e: unknown) => e)]);
        if (first === 'running') held.push(p);
        else refusal = first;
      }
      openGate();
      await Promise.all(held);
      expect(refusal).toMatchObject({ code: 'ENOSPC', op: 'TRANSACTION_START' });
      expect(held.length).toBeGreaterThanOrEqual(10);
      await g.transaction(async (tx) => tx.read('name')); // the quota is free again
    });

    it('gets the initial event and child events for a relative watch', async () => {
      const r = recorder();
      await g.watch('control', r.onEvent);
      await r.waitFor(saw('control'));
      await xsTool(xs.env, 'xenstore-write', `${DOM}/control/shutdown`, 'poweroff');
      await r.waitFor(saw('control/shutdown'));
      expect(await g.readString('control/shutdown')).toBe('poweroff');
    });

    it('retries a transaction that conflicts with xenstore-write from dom0', async () => {
      await g.write('data/count', '1');
      let attempts = 0;
      await g.transaction(async (tx) => {
        attempts++;
        const n = Number(await tx.readString('data/count'));
        if (attempts === 1) await xsTool(xs.env, 'xenstore-write', `${DOM}/data/count`, '10');
        await tx.write('data/count', String(n * 2));
      });
      expect(attempts).toBe(2);
      expect(await g.readString('data/count')).toBe('20');
    });

    it('serves several guest clients at once, each with its own replies and events', async () => {
      const clients = await Promise.all(Array.from({ length: 6 }, () => connect({ env: guest.env })));
      try {
        const recs = clients.map(() => recorder());
        await Promise.all(clients.map((c, i) => c.watch(`data/c${i}`, recs[i]!.onEvent)));
        await Promise.all(clients.map(async (c, i) => {
          for (let j = 0; j < 20; j++) await c.write(`data/c${i}/v`, `${i}-${j}`);
        }));
        const reads = await Promise.all(clients.map((c, i) => Promise.all(
          Array.from({ length: 20 }, () => c.readString(`data/c${i}/v`)),
        )));
        reads.forEach((vals, i) => expect(new Set(vals)).toEqual(new Set([`${i}-19`])));
        await Promise.all(recs.map((r, i) => r.waitFor(saw(`data/c${i}/v`))));
        recs.forEach((r, i) => expect(r.events.every((p) => p.startsWith(`data/c${i}`))).toBe(true));
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });
  });
}
