// Endpoint discovery: the documented order, and errors that say what to do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, EndpointNotFoundError, findEndpoint } from '../../../ovmd/client/index.js';
import type { PathProbe } from '../../../ovmd/client/endpoint.js';

let dir: string;
let server: Server;
let sock: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovm-endpoint-'));
  sock = join(dir, 'socket');
  server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(sock, r));
  writeFileSync(join(dir, 'plain'), 'x');
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** A probe answering from a table, to play a guest's /dev and /proc. */
const fake = (table: Record<string, 'socket' | 'device'>): PathProbe => async (p) => table[p] ?? 'missing';

describe('findEndpoint', () => {
  it('uses XENSTORED_PATH first, telling a socket from a file', async () => {
    expect(await findEndpoint({ env: { XENSTORED_PATH: sock } })).toEqual({ kind: 'socket', path: sock });
    await expect(findEndpoint({ env: { XENSTORED_PATH: join(dir, 'plain') } })).rejects.toThrow(
      /neither a unix socket nor a character device/,
    );
  });

  it('does not fall back when XENSTORED_PATH names nothing', async () => {
    const err = await findEndpoint({ env: { XENSTORED_PATH: join(dir, 'gone') }, probe: fake({ '/dev/xen/xenbus': 'device' }) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointNotFoundError);
    expect(String(err)).toMatch(/gone \(XENSTORED_PATH\) does not exist/);
  });

  it('prefers /dev/xen/xenbus, then /proc/xen/xenbus, then the dom0 socket', async () => {
    const all = fake({ '/dev/xen/xenbus': 'device', '/proc/xen/xenbus': 'device', '/var/run/xenstored/socket': 'socket' });
    expect(await findEndpoint({ env: {}, probe: all })).toEqual({ kind: 'device', path: '/dev/xen/xenbus' });
    const proc = fake({ '/proc/xen/xenbus': 'device', '/var/run/xenstored/socket': 'socket' });
    expect(await findEndpoint({ env: {}, probe: proc })).toEqual({ kind: 'device', path: '/proc/xen/xenbus' });
    const dom0 = fake({ '/var/run/xenstored/socket': 'socket' });
    expect(await findEndpoint({ env: {}, probe: dom0 })).toEqual({ kind: 'socket', path: '/var/run/xenstored/socket' });
  });

  it('says how to fix a guest without xenfs', async () => {
    const err = await findEndpoint({ env: {}, probe: fake({}) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointNotFoundError);
    expect(err).toMatchObject({ code: 'ERR_XS_ENDPOINT_NOT_FOUND' });
    expect(String(err)).toContain('mount -t xenfs xenfs /proc/xen');
    expect(String(err)).toContain('/dev/xen/xenbus, /proc/xen/xenbus, /var/run/xenstored/socket');
  });
});

describe('connect', () => {
  it('fails fast with a clear error for an endpoint that does not exist', async () => {
    const missing = join(dir, 'missing');
    const err = await connect({ endpoint: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointNotFoundError);
    expect(String(err)).toContain(`${missing} (the endpoint given) does not exist`);
  });

  it('reports a device that cannot be opened yet', async () => {
    const failingOpen = {
      open: async () => { throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); },
      read: async () => 0, write: async () => 0, close: async () => undefined,
    };
    const err = await connect({ endpoint: '/dev/xen/xenbus', probe: async () => 'device', deviceOps: failingOpen })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointNotFoundError);
    expect(String(err)).toMatch(/cannot open xenstore device \/dev\/xen\/xenbus \(ENOENT\)/);
  });
});
