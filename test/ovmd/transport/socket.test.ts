// The unix socket transport against a real xenstored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage, FrameDecoder, nulStrings, Op, ProtocolError, type Message } from '../../../ovmd/protocol/index.js';
import { openSocketTransport } from '../../../ovmd/transport/index.js';
import { startXenstored, type Xenstored } from '../../xenstored/testbed.js';

let xs: Xenstored;
beforeAll(async () => {
  xs = await startXenstored();
});
afterAll(async () => {
  await xs?.stop();
});

describe('socket transport', () => {
  it('carries whole messages both ways and reports its limits', async () => {
    const t = await openSocketTransport(xs.socket);
    expect([t.kind, t.maxPayload]).toEqual(['socket', 4096]);
    const d = new FrameDecoder();
    const got = new Promise<Message[]>((resolve) => {
      const out: Message[] = [];
      t.onData((chunk) => {
        out.push(...d.push(chunk));
        if (out.length === 2) resolve(out);
      });
    });
    await t.write(encodeMessage({ type: Op.WRITE, reqId: 1, txId: 0, payload: Buffer.from('/s/a\0v') }));
    await t.write(encodeMessage({ type: Op.READ, reqId: 2, txId: 0, payload: nulStrings('/s/a') }));
    const [w, r] = await got;
    expect([w!.reqId, w!.payload.toString()]).toEqual([1, 'OK\0']);
    expect([r!.reqId, r!.payload.toString()]).toEqual([2, 'v']);
    await t.close();
  });

  it('refuses RESET_WATCHES without sending it', async () => {
    const t = await openSocketTransport(xs.socket);
    const reset = encodeMessage({ type: Op.RESET_WATCHES, reqId: 1, txId: 0, payload: Buffer.alloc(0) });
    await expect(t.write(reset)).rejects.toThrow(ProtocolError);
    await t.close();
  });

  it('reports the close when the server drops the connection', async () => {
    const t = await openSocketTransport(xs.socket);
    const closed = new Promise<void>((resolve) => t.onClose(() => resolve()));
    // A header announcing more than 4096 bytes makes xenstored drop the connection (CORE).
    const bad = Buffer.alloc(16);
    bad.writeUInt32LE(Op.READ, 0);
    bad.writeUInt32LE(4097, 12);
    await t.write(bad);
    await closed;
    await expect(t.write(encodeMessage({ type: Op.READ, reqId: 3, txId: 0, payload: nulStrings('/') }))).rejects.toThrow(/closed/);
  });
});
