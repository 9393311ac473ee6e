// A server that breaks the framing rules: the connection is dropped (no resync) and every
// pending request fails with a ProtocolError. Real xenstored never does this, so a tiny
// misbehaving server stands in for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, ConnectionClosedError, ProtocolError } from '../../../ovmd/client/index.js';

let dir: string;
let server: Server;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovm-framing-'));
  server = createServer((s) => {
    s.once('data', () => {
      const h = Buffer.alloc(16);
      h.writeUInt32LE(2, 0);
      h.writeUInt32LE(2_000_000, 12); // over any reply this client accepts (SOCKET_REPLY_MAX)
      s.write(h);
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(join(dir, 'socket'), r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

it('drops the connection on an over-limit header and fails pending requests with ProtocolError', async () => {
  const c = await connect({ endpoint: join(dir, 'socket') });
  const disconnected = new Promise((resolve) => c.once('disconnect', resolve));
  const err = await c.read('/a').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProtocolError);
  expect(String(err)).toMatch(/announces 2000000 payload bytes, over the 1048576-byte limit/);
  await disconnected;
  await expect(c.read('/a')).rejects.toBeInstanceOf(ConnectionClosedError);
  await c.close();
});
