// What a caller sees when xenstored goes away: pending requests fail with a closed-connection
// error, and with `reconnect: true` the client comes back with its watches re-registered.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosedError, connect, RequestTimeoutError, type XenstoreClient } from '../../../ovmd/client/index.js';
import { startXenstored, type Xenstored } from '../../xenstored/testbed.js';
import { xsTool } from './peers.js';
import { recorder, saw } from './recorder.js';

describe.each(['c', 'oxenstored'] as const)('losing xenstored (%s)', (flavour) => {
  let xs: Xenstored | undefined;
  let c: XenstoreClient | undefined;
  afterEach(async () => {
    await c?.close();
    await xs?.stop();
    c = xs = undefined;
  });

  it('fails requests that were waiting when the server died, and later ones too', async () => {
    xs = await startXenstored({ flavour });
    c = await connect({ env: xs.env });
    await c.write('/r/k', 'v');
    process.kill(xs.pid, 'SIGSTOP'); // the request below is sent but never answered
    const pending = c.read('/r/k');
    const disconnected = new Promise((resolve) => c!.once('disconnect', resolve));
    process.kill(xs.pid, 'SIGKILL');
    await expect(pending).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(pending).rejects.toMatchObject({ code: 'ERR_XS_CONNECTION_CLOSED', family: 'local' });
    await disconnected;
    await expect(c.read('/r/k')).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('fails a request a stopped xenstored never answers with a timeout error, and goes on once it is back', async () => {
    xs = await startXenstored({ flavour });
    c = await connect({ env: xs.env, requestTimeoutMs: 300 });
    await c.write('/r/t', 'v');
    process.kill(xs.pid, 'SIGSTOP');
    try {
      const err = await c.read('/r/t').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RequestTimeoutError);
      expect(err).toMatchObject({ code: 'ERR_XS_TIMEOUT', family: 'local', op: 'READ', path: '/r/t' });
      expect(String(err)).toMatch(/got no answer within 0.3 s: xenstored is not responding/);
    } finally {
      process.kill(xs.pid, 'SIGCONT');
    }
    // The late reply to the timed-out READ is dropped; new requests get their own replies.
    expect(await c.readString('/r/t')).toBe('v');
    await c.write('/r/t', 'w');
    expect(await c.readString('/r/t')).toBe('w');
  });

  it('reconnects after a restart and re-registers watches without the caller', async () => {
    xs = await startXenstored({ flavour });
    c = await connect({ env: xs.env, reconnect: true, reconnectDelays: [20, 50, 100] });
    const r = recorder();
    await c.watch('/state', r.onEvent);
    await r.waitFor((e) => e.length === 1);
    const reconnected = new Promise<void>((resolve) => c!.once('reconnect', () => resolve()));
    await xs.restart();
    await reconnected;
    await r.waitFor((e) => e.filter((p) => p === '/state').length >= 2); // the re-registration's initial event
    await xsTool(xs.env, 'xenstore-write', '/state/after-restart', 'yes');
    await r.waitFor(saw('/state/after-restart'));
    expect(await c.readString('/state/after-restart')).toBe('yes');
  });
});
