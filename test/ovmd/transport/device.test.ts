// The xenbus device transport and the client on top of it, against a double that enforces the
// Linux driver's rules in front of a real C xenstored. Any rule broken is a recorded violation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, PayloadTooLargeError, ProtocolError, XenstoreError, type XenstoreClient } from '../../../ovmd/client/index.js';
import { encodeMessage, Op } from '../../../ovmd/protocol/index.js';
import { openDeviceTransport } from '../../../ovmd/transport/index.js';
import { startXenstored, type Xenstored } from '../../xenstored/testbed.js';
import { recorder, saw } from '../client/recorder.js';
import { xsTool } from '../client/peers.js';
import { XenbusDeviceDouble, type DoubleOptions } from './xenbus-double.js';

let xs: Xenstored;
beforeAll(async () => {
  xs = await startXenstored();
});
afterAll(async () => {
  await xs?.stop();
});

const open: { c: XenstoreClient; dev: XenbusDeviceDouble }[] = [];
afterEach(async () => {
  for (const { c, dev } of open.splice(0)) {
    await c.close();
    expect(dev.violations).toEqual([]);
  }
});

async function viaDevice(options: DoubleOptions = {}) {
  const dev = new XenbusDeviceDouble(xs.socket, options);
  const c = await connect({ endpoint: '/dev/xen/xenbus', probe: async () => 'device', deviceOps: dev });
  open.push({ c, dev });
  return { c, dev };
}

describe('xenbus device transport', () => {
  it('is chosen for a character device and does the basic operations', async () => {
    const { c } = await viaDevice();
    expect(c.transport?.kind).toBe('device');
    expect(c.transport?.maxPayload).toBe(4080);
    await c.write('/dev1/a', Buffer.from([0, 1, 2]));
    expect(await c.read('/dev1/a')).toEqual(Buffer.from([0, 1, 2]));
    expect(await c.directory('/dev1')).toEqual(['a']);
    await c.rm('/dev1');
    expect(await c.tryRead('/dev1/a')).toBeUndefined();
  });

  it('writes exactly one message per write(), one write() at a time, under load', async () => {
    const { c, dev } = await viaDevice();
    await Promise.all(Array.from({ length: 200 }, (_, i) => c.write(`/dev2/n${i}`, `v${i}`)));
    const got = await Promise.all(Array.from({ length: 200 }, (_, i) => c.readString(`/dev2/n${i}`)));
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => `v${i}`));
    expect(dev.droppedBytes).toBe(0);
    expect(dev.written).toHaveLength(400);
  });

  it('reassembles replies that read() returns a few bytes at a time', async () => {
    const { c } = await viaDevice({ maxReadChunk: 5 });
    const v = Buffer.alloc(3000, 0x41);
    await c.write('/dev3/big', v);
    expect(await c.read('/dev3/big')).toEqual(v);
  });

  it.each(['before', 'after'] as const)('accepts the initial watch event %s the OK, then routes changes', async (when) => {
    const { c } = await viaDevice({ initialEvent: when });
    const r = recorder();
    const w = await c.watch('/dev4', r.onEvent);
    await r.waitFor(saw('/dev4'));
    await xsTool(xs.env, 'xenstore-write', '/dev4/x', '1');
    await r.waitFor(saw('/dev4/x'));
    await w.close();
  });

  it('ignores the garbage req_id of events even when it equals a pending request', async () => {
    const { c } = await viaDevice();
    const r = recorder();
    await c.watch('/dev5', r.onEvent);
    await c.write('/dev5/value', 'expected');
    // Events (carrying the last request's req_id) interleave with pipelined reads.
    const reads = Array.from({ length: 50 }, () => c.readString('/dev5/value'));
    const writes = Array.from({ length: 10 }, (_, i) => xsTool(xs.env, 'xenstore-write', `/dev5/e${i}`, 'x'));
    await Promise.all(writes);
    expect(new Set(await Promise.all(reads))).toEqual(new Set(['expected']));
    await r.waitFor(saw('/dev5/e9'));
  });

  it('registers and removes watches while reads are in flight without deadlocking the kernel', async () => {
    // On Linux a reply of this file arriving while a WATCH is being registered stops the kernel's
    // xenbus thread for good (the double records it as a violation; afterEach checks none).
    const { c, dev } = await viaDevice();
    await c.write('/dev9/v', 'x');
    const r = recorder();
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      work.push(...Array.from({ length: 20 }, () => c.readString('/dev9/v')));
      work.push(c.watch(`/dev9/w${i}`, r.onEvent).then((w) => w.close()));
    }
    await Promise.all(work);
    expect(dev.written.filter((m) => m.type === Op.WATCH)).toHaveLength(5);
    expect(dev.written.filter((m) => m.type === Op.UNWATCH)).toHaveLength(5);
  });

  it('counts replies that read() splits anywhere, so a watch after them is neither stuck nor early', async () => {
    const { c, dev } = await viaDevice({ maxReadChunk: 7 });
    await c.write('/dev11/v', 'x'.repeat(300));
    const reads = Array.from({ length: 30 }, () => c.readString('/dev11/v'));
    const w = await c.watch('/dev11', () => undefined);
    expect(new Set(await Promise.all(reads))).toEqual(new Set(['x'.repeat(300)]));
    await w.close();
    expect(dev.written.filter((m) => m.type === Op.WATCH)).toHaveLength(1);
  });

  it('turns a watch registration error (write() errno) into a typed remote error', async () => {
    const { c } = await viaDevice();
    const longPath = '/' + 'a'.repeat(2100); // valid syntax, but over xenstored's 2048 limit
    const err = await c.watch(longPath, () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XenstoreError);
    expect(err).toMatchObject({ code: 'EINVAL', op: 'WATCH' });
    expect(await c.readString('/dev1/none').catch((e: XenstoreError) => e.code)).toBe('ENOENT'); // still usable
  });

  it('refuses a payload over 4080 bytes locally and writes nothing', async () => {
    const { c, dev } = await viaDevice();
    const before = dev.written.length;
    const path = '/dev6';
    const err = await c.write(path, Buffer.alloc(4080 - path.length)).catch((e: unknown) => e); // payload 4081
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(err).toMatchObject({ limit: 4080, size: 4081 });
    expect(dev.written.length).toBe(before);
    await c.write(path, Buffer.alloc(4080 - path.length - 1)); // exactly 4080 passes
  });

  it('never sends RESET_WATCHES', async () => {
    const dev = new XenbusDeviceDouble(xs.socket);
    const t = await openDeviceTransport('/dev/xen/xenbus', dev);
    const reset = encodeMessage({ type: Op.RESET_WATCHES, reqId: 1, txId: 0, payload: Buffer.alloc(0) });
    await expect(t.write(reset)).rejects.toThrow(ProtocolError);
    expect(dev.written).toHaveLength(0);
    await t.close();
    await dev.close();
  });

  it('runs transactions with EAGAIN retry through the device', async () => {
    const { c } = await viaDevice();
    await c.write('/dev7/n', '1');
    let attempts = 0;
    await c.transaction(async (tx) => {
      attempts++;
      const n = Number(await tx.readString('/dev7/n'));
      if (attempts === 1) await xsTool(xs.env, 'xenstore-write', '/dev7/n', '5');
      await tx.write('/dev7/n', String(n + 1));
    });
    expect(attempts).toBe(2);
    expect(await c.readString('/dev7/n')).toBe('6');
  });
  it('lists a child list over 4096 bytes in DIRECTORY_PART slices through the device', async () => {
    const { c, dev } = await viaDevice();
    const names = Array.from({ length: 250 }, (_, i) => `a-rather-long-child-${i}`);
    await Promise.all(names.map((n) => c.write(`/dev8/${n}`, '')));
    expect((await c.directory('/dev8')).sort()).toEqual([...names].sort());
    expect(dev.written.filter((m) => m.type === Op.DIRECTORY_PART).length).toBeGreaterThanOrEqual(2);
  });
});

describe('the double itself keeps the kernel rules', () => {
  it('drops bytes after the first complete message of one write()', async () => {
    const dev = new XenbusDeviceDouble(xs.socket);
    await dev.open();
    const two = Buffer.concat([
      encodeMessage({ type: Op.WRITE, reqId: 1, txId: 0, payload: Buffer.from('/dbl/a\0x') }),
      encodeMessage({ type: Op.WRITE, reqId: 2, txId: 0, payload: Buffer.from('/dbl/b\0y') }),
    ]);
    expect(await dev.write(3, two)).toBe(two.length); // reported as written...
    expect(dev.written).toHaveLength(1); // ...but only the first message was acted on
    expect(dev.droppedBytes).toBe(two.length / 2);
    await dev.close();
  });

  it('records a reply that comes back while a WATCH holds the file', async () => {
    const dev = new XenbusDeviceDouble(xs.socket);
    await dev.open();
    const read = encodeMessage({ type: Op.READ, reqId: 1, txId: 0, payload: Buffer.from('/\0') });
    const watch = encodeMessage({ type: Op.WATCH, reqId: 2, txId: 0, payload: Buffer.from('/dev10\0t\0') });
    await dev.write(3, read);
    await dev.write(3, watch); // the READ's reply is still on its way
    expect(dev.violations.join('\n')).toMatch(/while a WATCH\/UNWATCH held the file/);
    await dev.close();
  });

  it('records a 0-byte read() as a violation and never answers it, as the real device blocks', async () => {
    const dev = new XenbusDeviceDouble(xs.socket);
    await dev.open();
    let answered = false;
    void dev.read(3, Buffer.alloc(0)).then(() => (answered = true));
    await dev.write(3, encodeMessage({ type: Op.READ, reqId: 1, txId: 0, payload: Buffer.from('/\0') }));
    const n = await dev.read(3, Buffer.alloc(64)); // the reply is there for a proper read...
    expect(n).toBeGreaterThanOrEqual(16);
    expect(answered).toBe(false); // ...while the 0-byte read still waits
    expect(dev.violations).toEqual(['read() of 0 bytes (never returns on the real device)']);
    await dev.close();
  });

  it('accepts a duplicate watch and answers UNWATCH of an unknown watch with OK', async () => {
    const dev = new XenbusDeviceDouble(xs.socket);
    await dev.open();
    const watch = encodeMessage({ type: Op.WATCH, reqId: 7, txId: 0, payload: Buffer.from('/dbl\0same\0') });
    await dev.write(3, watch);
    await dev.write(3, watch); // xenstored would say EEXIST on one connection
    const unknown = encodeMessage({ type: Op.UNWATCH, reqId: 8, txId: 0, payload: Buffer.from('/x\0nope\0') });
    await dev.write(3, unknown);
    expect(dev.violations).toEqual([]);
    await dev.close();
  });
});
