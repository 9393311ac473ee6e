// Both ends of the channel against the real C xenstored, the guest as unprivileged domU 7
// through the bridge: what the host writes, the guest reads exactly once and deletes; what
// several guest writers send at once arrives complete under distinct numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type XenstoreClient } from '../../../ovmd/client/index.js';
import { sendMessage } from '../../../ovmd/vmapi/channel.js';
import { readFromGuest, sendToGuest, setupChannel } from '../../../ovmd/vmapi/host.js';
import { FROM_GUEST, GUEST_CHUNK_BYTES, TO_GUEST } from '../../../ovmd/vmapi/layout.js';
import type { Message } from '../../../ovmd/vmapi/message.js';
import { ChannelReceiver } from '../../../ovmd/vmapi/receiver.js';
import type { XsPort } from '../../../ovmd/vmapi/xs-port.js';
import { BAD_KEYS } from '../../template.d/params/bad-keys.js';
import { startGuest, startXenstored, type GuestEndpoint, type Xenstored } from '../../xenstored/testbed.js';

const DOMID = 7;
const HOME = `/local/domain/${DOMID}`;
let xsd: Xenstored;
let guest: GuestEndpoint;
let host: XenstoreClient;
let dom: XenstoreClient;

beforeAll(async () => {
  xsd = await startXenstored();
  guest = await startGuest(xsd, DOMID);
  host = await connect({ endpoint: xsd.socket });
  dom = await connect({ endpoint: guest.socket });
  await setupChannel(host, DOMID);
});

afterAll(async () => {
  await dom?.close();
  await host?.close();
  await xsd?.stop();
});

function receiver(got: Message[], warnings: string[], last = { n: 0 }, refused?: (n: number, reason: string) => void, xs: XsPort = dom, incompleteWaitMs = 300) {
  return new ChannelReceiver({
    xs,
    incompleteWaitMs,
    sink: async (m) => void got.push(m),
    refused,
    lastProcessed: { get: () => last.n, set: async (n) => void (last.n = n) },
    log: { info: () => undefined, warn: (m) => void warnings.push(m) },
  });
}

describe('host to guest', () => {
  it('delivers a batch in order, large values included, and leaves no message node behind', async () => {
    const big = 'x'.repeat(8191);
    const batch = [{ key: 'a', value: '1' }, { key: 'big', value: big }, { key: 'empty', value: '' }];
    await sendToGuest(host, DOMID, batch);
    const got: Message[] = [];
    const last = { n: 0 };
    await receiver(got, [], last).drain();
    expect(got).toEqual(batch);
    expect((await host.directory(`${HOME}/${TO_GUEST}`)).filter((n) => n !== 'last-write')).toEqual([]);
    expect(last.n).toBe(3);
  });

  it('handles the counter going back after a resume, and skips unannounced nodes', async () => {
    const got: Message[] = [];
    const last = { n: 3 };
    // Resume: the host starts numbering at 1 again; node 2 is written but not announced yet.
    await host.write(`${HOME}/${TO_GUEST}/1`, 'after-resume');
    await host.write(`${HOME}/${TO_GUEST}/1/0`, 'v1');
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '1');
    await host.write(`${HOME}/${TO_GUEST}/2`, 'not-yet');
    await receiver(got, [], last).drain();
    expect(got).toEqual([{ key: 'after-resume', value: 'v1' }]);
    expect(last.n).toBe(1);
    await host.write(`${HOME}/${TO_GUEST}/2/0`, 'v2');
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '2');
    await receiver(got, [], last).drain();
    expect(got.map((m) => m.key)).toEqual(['after-resume', 'not-yet']);
  });

  it('logs garbage, malformed counters and oversized values, and still delivers the rest', async () => {
    const warnings: string[] = [];
    const got: Message[] = [];
    await host.write(`${HOME}/${TO_GUEST}/junk`, 'x');
    await host.write(`${HOME}/${TO_GUEST}/5`, 'k'.repeat(300));
    await host.write(`${HOME}/${TO_GUEST}/5/0`, 'v');
    await host.write(`${HOME}/${TO_GUEST}/6`, 'nochunks');
    await host.write(`${HOME}/${TO_GUEST}/7`, 'good');
    await host.write(`${HOME}/${TO_GUEST}/7/0`, 'fine');
    await host.write(`${HOME}/${TO_GUEST}/last-write`, 'seven');
    await receiver(got, warnings).drain();
    expect(got).toEqual([{ key: 'good', value: 'fine' }]);
    expect(warnings.join('\n')).toMatch(/to-guest\/junk: not a message number/);
    expect(warnings.join('\n')).toMatch(/holds "seven", not a number/);
    expect(warnings.join('\n')).toMatch(/discarding message to-guest\/5: key .* 300 bytes/);
    expect(warnings.join('\n')).toMatch(/discarding message to-guest\/6: its value chunks are missing/);
    await host.rm(`${HOME}/${TO_GUEST}/junk`);
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '7');
  });
});

describe('a restore or a migration', () => {
  it('starts the numbering over when the domain id changes, even if the new counter is not below the last number processed', async () => {
    const resets: number[] = [];
    const got: Message[] = [];
    const last = { n: 3 };
    const receiver = new ChannelReceiver({
      xs: dom,
      sink: async (m) => void got.push(m),
      lastProcessed: { get: () => last.n, set: async (n) => void (last.n = n) },
      onReset: () => void resets.push(last.n),
      log: { info: () => undefined, warn: () => undefined },
    });
    await host.write(`${HOME}/domid`, String(DOMID));
    await receiver.drain();
    expect(resets).toEqual([]);
    // What the guest sees after xl restore: a new id in its home, and the host numbering from 1.
    await host.write(`${HOME}/domid`, '12');
    await host.rm(`${HOME}/${TO_GUEST}`);
    await setupChannel(host, DOMID);
    await sendToGuest(host, DOMID, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }]);
    await receiver.drain();
    expect(resets).toEqual([0]);
    expect(got.map((m) => m.key)).toEqual(['a', 'b', 'c']);
    expect(last.n).toBe(3);
    await receiver.drain();
    expect(resets).toHaveLength(1);
    await host.write(`${HOME}/domid`, String(DOMID));
  });
});

describe('messages caught half-written or half-deleted', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('waits for chunks a host writes after the key and the counter (separate writes), and delivers the message', async () => {
    const warnings: string[] = [];
    const got: Message[] = [];
    const last = { n: 0 };
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '0');
    // Key, counter, then the second chunk before the first: each its own write, as a host
    // running one xenstore-write per node does.
    await host.write(`${HOME}/${TO_GUEST}/1`, 'com.example.late');
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '1');
    const drained = receiver(got, warnings, last, undefined, dom, 5000).drain();
    await sleep(150);
    await host.write(`${HOME}/${TO_GUEST}/1/1`, 'second');
    await sleep(150);
    expect(got).toEqual([]);
    await host.write(`${HOME}/${TO_GUEST}/1/0`, 'first-');
    await drained;
    expect(got).toEqual([{ key: 'com.example.late', value: 'first-second' }]);
    expect(warnings).toEqual([]);
    expect(last.n).toBe(1);
    expect((await host.directory(`${HOME}/${TO_GUEST}`)).filter((n) => n !== 'last-write')).toEqual([]);
  });

  it('does not report a message as refused when another reader deletes it between reading its key and its chunks', async () => {
    const warnings: string[] = [];
    const got: Message[] = [];
    const refusals: number[] = [];
    await sendToGuest(host, DOMID, [{ key: 'com.example.raced', value: 'v' }]);
    const n = Number(await host.readString(`${HOME}/${TO_GUEST}/last-write`));
    const node = `${TO_GUEST}/${n}`;
    // The other reader's rm lands between this reader's key read and its directory listing.
    const racing: XsPort = Object.assign(Object.create(dom) as XsPort, {
      directory: async (path: string) => {
        if (path.endsWith(node)) await host.rm(`${HOME}/${node}`);
        return dom.directory(path);
      },
    });
    await receiver(got, warnings, { n: n - 1 }, (m) => void refusals.push(m), racing).drain();
    expect(got).toEqual([]);
    expect(refusals).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('discards a message whose chunks never come once the wait is over, and reports it', async () => {
    const warnings: string[] = [];
    const refusals: number[] = [];
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '0');
    await host.write(`${HOME}/${TO_GUEST}/1`, 'com.example.never');
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '1');
    const t0 = performance.now();
    await receiver([], warnings, { n: 0 }, (m) => void refusals.push(m), dom, 400).drain();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    expect(refusals).toEqual([1]);
    expect(warnings.join('\n')).toMatch(/discarding message to-guest\/1: its value chunks are missing/);
    expect(await host.directory(`${HOME}/${TO_GUEST}`)).toEqual(['last-write']);
  });
});

describe('key names from the host', () => {
  it('refuses every bad key name, reports each refusal, deletes the node and delivers the rest', async () => {
    const warnings: string[] = [];
    const got: Message[] = [];
    const refusals: [number, string][] = [];
    const last = { n: 0 };
    await host.write(`${HOME}/${TO_GUEST}/last-write`, '0');
    // Written raw, as a host that does not check would: xenstore carries any bytes.
    for (const [i, [, key]] of BAD_KEYS.entries()) {
      await host.write(`${HOME}/${TO_GUEST}/${i + 1}`, key);
      await host.write(`${HOME}/${TO_GUEST}/${i + 1}/0`, 'x');
    }
    const good = BAD_KEYS.length + 1;
    await host.write(`${HOME}/${TO_GUEST}/${good}`, 'com.example.good');
    await host.write(`${HOME}/${TO_GUEST}/${good}/0`, 'kept');
    await host.write(`${HOME}/${TO_GUEST}/last-write`, String(good));
    await receiver(got, warnings, last, (n, reason) => void refusals.push([n, reason])).drain();
    expect(got).toEqual([{ key: 'com.example.good', value: 'kept' }]);
    expect(refusals.map(([n]) => n)).toEqual(BAD_KEYS.map((_, i) => i + 1));
    for (const [i, [, , reason]] of BAD_KEYS.entries()) {
      expect(refusals[i]![1]).toMatch(reason);
      expect(warnings[i]).toMatch(new RegExp(`^discarding message to-guest/${i + 1}: `));
    }
    expect(warnings.join('\n')).not.toMatch(/root-password=x/);
    for (const w of warnings) expect(w).not.toMatch(/[\n\t]/);
    expect((await host.directory(`${HOME}/${TO_GUEST}`)).filter((n) => n !== 'last-write')).toEqual([]);
    expect(last.n).toBe(good);
    // A second drain finds nothing: the refused nodes do not come back.
    await receiver(got, warnings, last, (n, reason) => void refusals.push([n, reason])).drain();
    expect(refusals).toHaveLength(BAD_KEYS.length);
  });
});

describe('guest to host', () => {
  it('ten guest writers at once get ten distinct, complete messages', async () => {
    const clients = await Promise.all(Array.from({ length: 10 }, () => connect({ endpoint: guest.socket })));
    try {
      const value = (i: number) => `value-${i}-`.repeat(300);
      await Promise.all(clients.map((c, i) => sendMessage(c, FROM_GUEST, { key: `k${i}`, value: value(i) }, GUEST_CHUNK_BYTES)));
      const got = await readFromGuest(host, DOMID);
      expect(new Set(got.map((m) => m.n)).size).toBe(10);
      expect(got.map((m) => m.key).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort());
      for (const m of got) expect(m.value).toBe(value(Number(m.key.slice(1))));
      expect(await host.readString(`${HOME}/${FROM_GUEST}/last-write`)).toBe('10');
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
