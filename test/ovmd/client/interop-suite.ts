// Interoperability both ways with independent clients: libxenstore's xenstore-* tools and pyxs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XenstoreError, type XenstoreClient } from '../../../ovmd/client/index.js';
import type { Flavour, Xenstored } from '../../xenstored/testbed.js';
import { startDom0Session, stopDom0Session } from './dom0-session.js';
import { pyxsRead, pyxsWrite, xsTool } from './peers.js';
import { recorder, saw } from './recorder.js';

/** Every byte value, NULs included. */
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

export function interopSuite(flavour: Flavour): void {
  describe(`interop with xenstore-* and pyxs against ${flavour}`, () => {
    let xs: Xenstored;
    let c: XenstoreClient;
    beforeAll(async () => ({ xs, c } = await startDom0Session(flavour)));
    afterAll(() => stopDom0Session({ xs, c }));

    it('xenstore-read and pyxs read back a text value the client wrote', async () => {
      await c.write('/io/text', 'hello from ovmd');
      expect((await xsTool(xs.env, 'xenstore-read', '/io/text')).toString()).toBe('hello from ovmd\n');
      expect((await pyxsRead(xs.env, '/io/text')).toString()).toBe('hello from ovmd');
    });

    it('pyxs and xenstore-read -R read a binary value with NULs byte for byte', async () => {
      await c.write('/io/bin', ALL_BYTES);
      expect(await pyxsRead(xs.env, '/io/bin')).toEqual(ALL_BYTES);
      expect(await xsTool(xs.env, 'xenstore-read', '-R', '/io/bin')).toEqual(ALL_BYTES);
    });

    it('xenstore-ls shows the tree and values the client wrote', async () => {
      await c.write('/io/ls/a', '1');
      await c.write('/io/ls/b/c', 'x y');
      await c.write('/io/ls/nul', Buffer.from([0x41, 0, 0x42]));
      const out = (await xsTool(xs.env, 'xenstore-ls', '/io/ls')).toString();
      expect(out).toContain('a = "1"');
      expect(out).toMatch(/b = ""\n\s+c = "x y"/);
      expect(out).toContain('nul = "A\\000B"');
    });

    it('reads byte for byte what pyxs and xenstore-write wrote', async () => {
      // pyxs only sends NUL and 0x20-0x7f (its _re_7bit_ascii check): use all of those.
      const ascii = Buffer.concat([Buffer.from([0]), ALL_BYTES.subarray(0x20, 0x80), Buffer.from([0])]);
      await pyxsWrite(xs.env, '/io/from-pyxs', ascii);
      expect(await c.read('/io/from-pyxs')).toEqual(ascii);
      await xsTool(xs.env, 'xenstore-write', '/io/from-c', 'written by C');
      expect(await c.readString('/io/from-c')).toBe('written by C');
      await xsTool(xs.env, 'xenstore-chmod', '/io/from-c', 'n0', 'r7');
      expect(await c.getPerms('/io/from-c')).toEqual(['n0', 'r7']);
    });

    it('fires a client watch on a xenstore-write', async () => {
      const r = recorder();
      await c.watch('/io/w', r.onEvent);
      await xsTool(xs.env, 'xenstore-write', '/io/w/k', 'v');
      await r.waitFor(saw('/io/w/k'));
      expect(r.events[0]).toBe('/io/w');
    });

    it('writes the largest payload the socket takes; peers read it back exactly', async () => {
      const path = '/io/max';
      const value = Buffer.alloc(4096 - path.length - 1, 0x5a); // payload = path\0value = 4096 bytes
      value[0] = 0;
      const wrote = await c.write(path, value).then(() => true, (e: unknown) => e);
      if (flavour === 'oxenstored') {
        // oxenstored's default quota-maxsize (2048) refuses big values even for dom0 (spec §1.10).
        expect(wrote).toBeInstanceOf(XenstoreError);
        expect(wrote).toMatchObject({ code: 'E2BIG' });
        const half = value.subarray(0, 2048);
        await c.write(path, half);
        expect(await pyxsRead(xs.env, path)).toEqual(half);
        return;
      }
      expect(wrote).toBe(true);
      expect(await pyxsRead(xs.env, path)).toEqual(value);
      expect(await xsTool(xs.env, 'xenstore-read', '-R', path)).toEqual(value);
      expect(await c.read(path)).toEqual(value);
      await expect(c.write(path, Buffer.concat([value, Buffer.from('!')]))).rejects.toMatchObject({
        code: 'ERR_XS_PAYLOAD_TOO_LARGE',
      });
    });
  });
}
