// Client behaviour as dom0 (the privileged socket), run against one real daemon flavour.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  InvalidPathError, PayloadTooLargeError, XenstoreError, type XenstoreClient,
} from '../../../ovmd/client/index.js';
import type { Flavour, Xenstored } from '../../xenstored/testbed.js';
import { startDom0Session, stopDom0Session } from './dom0-session.js';
import { xsTool } from './peers.js';
import { recorder, saw } from './recorder.js';

export function dom0Suite(flavour: Flavour): void {
  describe(`client as dom0 against ${flavour}`, () => {
    let xs: Xenstored;
    let c: XenstoreClient;
    beforeAll(async () => ({ xs, c } = await startDom0Session(flavour)));
    afterAll(() => stopDom0Session({ xs, c }));

    it('writes, reads, lists and removes nodes', async () => {
      await c.write('/t1/a', 'one');
      await c.write('/t1/b', '');
      await c.mkdir('/t1/dir');
      expect(await c.readString('/t1/a')).toBe('one');
      expect((await c.read('/t1/b')).length).toBe(0);
      expect((await c.directory('/t1')).sort()).toEqual(['a', 'b', 'dir']);
      await c.rm('/t1');
      expect(await c.tryRead('/t1/a')).toBeUndefined();
    });

    it('keeps an existing value on mkdir', async () => {
      await c.write('/t2/k', 'kept');
      await c.mkdir('/t2/k');
      expect(await c.readString('/t2/k')).toBe('kept');
    });

    it('stores binary values with NULs byte for byte', async () => {
      const v = Buffer.from([0, 1, 2, 0, 255, 0]);
      await c.write('/t3/bin', v);
      expect(await c.read('/t3/bin')).toEqual(v);
    });

    it('refuses with a typed remote error naming op and path', async () => {
      const err = await c.read('/no/such/node').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(XenstoreError);
      expect(err).toMatchObject({ code: 'ENOENT', op: 'READ', path: '/no/such/node', family: 'remote' });
      expect(String((err as Error).message)).toMatch(/READ \/no\/such\/node failed: ENOENT/);
    });

    it('resolves relative paths under /local/domain/0 for dom0', async () => {
      await c.write('rel/x', 'r');
      expect(await c.readString('/local/domain/0/rel/x')).toBe('r');
    });

    it('sets and gets permissions, owner first', async () => {
      await c.write('/t4/p', 'v');
      await c.setPerms('/t4/p', ['n0', 'r7', 'b9']);
      expect(await c.getPerms('/t4/p')).toEqual(['n0', 'r7', 'b9']);
      await expect(c.setPerms('/t4/p', ['q1'])).rejects.toThrow(InvalidPathError);
    });

    it('lists a subtree with every value, like xenstore-ls', async () => {
      await c.write('/t12/a', '1');
      await c.write('/t12/b/c', Buffer.from([0, 9]));
      await c.mkdir('/t12/d');
      const nodes = await c.listTree('/t12');
      const byPath = Object.fromEntries(nodes.map((n) => [n.path, n.value.toString('hex')]));
      expect(byPath).toEqual({ '/t12': '', '/t12/a': '31', '/t12/b': '', '/t12/b/c': '0009', '/t12/d': '' });
      await expect(c.listTree('/t12/missing')).resolves.toEqual([]);
    });

    it('lists a directory whose child list is over 4096 bytes, also in a transaction and in listTree', async () => {
      const names = Array.from({ length: 300 }, (_, i) => `child-name-number-${String(i).padStart(4, '0')}`);
      await Promise.all(names.map((n) => c.write(`/t14/${n}`, 'x')));
      expect((await c.directory('/t14')).sort()).toEqual(names); // 6,900 bytes of names
      expect((await c.transaction((tx) => tx.directory('/t14'))).sort()).toEqual(names);
      expect(await c.listTree('/t14')).toHaveLength(301);
      if (flavour === 'c') {
        // libxenstore reads it in parts too: the same names
        const listed = (await xsTool(xs.env, 'xenstore-list', '/t14')).toString().trim().split('\n');
        expect(listed.sort()).toEqual(names);
      }
      expect(await c.readString('/t14/child-name-number-0299')).toBe('x'); // the connection is fine
    });

    it('gets a domain path', async () => {
      expect(await c.getDomainPath(5)).toBe('/local/domain/5');
    });

    it('answers many outstanding requests, each with its own reply', async () => {
      await Promise.all(Array.from({ length: 100 }, (_, i) => c.write(`/t5/n${i}`, `v${i}`)));
      const values = await Promise.all(Array.from({ length: 100 }, (_, i) => c.readString(`/t5/n${i}`)));
      expect(values).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`));
    });

    it('delivers the initial watch event, then child events, and stops after close', async () => {
      const r = recorder();
      const w = await c.watch('/t6', r.onEvent);
      await r.waitFor(saw('/t6'));
      await xsTool(xs.env, 'xenstore-write', '/t6/child', 'x');
      await r.waitFor(saw('/t6/child'));
      await w.close();
      await xsTool(xs.env, 'xenstore-write', '/t6/after', 'x');
      await c.write('/t6/marker', 'x'); // a round trip after the write
      expect(r.events).not.toContain('/t6/after');
    });

    it('survives a watch callback that throws, reporting it as an error event', async () => {
      const errors: unknown[] = [];
      const onError = (e: unknown) => errors.push(e);
      c.on('error', onError);
      const w = await c.watch('/t13', () => {
        throw new Error('callback bug');
      });
      await c.write('/t13/x', '1');
      expect(await c.readString('/t13/x')).toBe('1');
      await expect.poll(() => errors.length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(String(errors[0])).toContain('callback bug');
      c.off('error', onError);
      await w.close();
    });

    it('routes events by token when two watches overlap', async () => {
      const outer = recorder();
      const inner = recorder();
      await c.watch('/t7', outer.onEvent);
      await c.watch('/t7/in', inner.onEvent);
      await c.write('/t7/out', '1');
      await outer.waitFor(saw('/t7/out'));
      await c.write('/t7/in/x', '1');
      await inner.waitFor(saw('/t7/in/x'));
      await outer.waitFor(saw('/t7/in/x'));
      expect(inner.events).not.toContain('/t7/out');
    });

    it('gets EAGAIN when xenstore-write changes a node the transaction read; transaction() retries', async () => {
      await c.write('/t8/counter', '0');
      let attempts = 0;
      const result = await c.transaction(async (tx) => {
        attempts++;
        const n = Number(await tx.readString('/t8/counter'));
        if (attempts === 1) await xsTool(xs.env, 'xenstore-write', '/t8/counter', '100');
        await tx.write('/t8/counter', String(n + 1));
        return n + 1;
      });
      expect(attempts).toBe(2);
      expect(result).toBe(101);
      expect(await c.readString('/t8/counter')).toBe('101');
    });

    it('reports EAGAIN when the attempts run out, and writes nothing', async () => {
      await c.write('/t9/v', 'a');
      const err = await c
        .transaction(async (tx) => {
          await tx.read('/t9/v');
          await xsTool(xs.env, 'xenstore-write', '/t9/v', 'b');
          await tx.write('/t9/v', 'mine');
        }, { attempts: 1 })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EAGAIN', op: 'TRANSACTION_END' });
      expect(await c.readString('/t9/v')).toBe('b');
    });

    it('aborts the transaction when fn throws', async () => {
      await expect(
        c.transaction(async (tx) => {
          await tx.write('/t10/x', 'never');
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await c.tryRead('/t10/x')).toBeUndefined();
    });

    it('refuses an over-limit value locally and sends nothing', async () => {
      const t = c.transport!;
      const spy = vi.spyOn(t, 'write');
      const big = Buffer.alloc(4096);
      const err = await c.write('/t11/big', big).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PayloadTooLargeError);
      expect(err).toMatchObject({ code: 'ERR_XS_PAYLOAD_TOO_LARGE', size: 4105, limit: 4096 });
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
      expect(await c.tryRead('/t11/big')).toBeUndefined(); // and the connection still works
    });

    it('refuses a bad path locally with a clear error', async () => {
      await expect(c.write('/bad path', 'x')).rejects.toThrow(/invalid xenstore path "\/bad path"/);
      await expect(c.read('/a//b')).rejects.toMatchObject({ code: 'ERR_XS_INVALID_PATH' });
    });
  });
}
