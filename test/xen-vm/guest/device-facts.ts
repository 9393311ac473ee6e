// What the guest kernel's xenbus device and the real xenstored do, probed byte by byte:
// framing per write(), the size limits, the per-value quota, permissions on other domains'
// nodes, and the order of a watch event and the reply that caused it.
import { check, measure } from './tap.js';
import { frame, RawDevice, z, type Frame } from './raw-device.js';

const READ = 2, WATCH = 4, WRITE = 11, EVENT = 15;

async function framing(dev: RawDevice, label: string): Promise<void> {
  const two = Buffer.concat([frame(READ, 101, z('domid')), frame(READ, 102, z('name'))]);
  const n = dev.write(two);
  const first = await dev.reply(101);
  const second = await dev.reply(102, 1500);
  check(`${label} device: a write() holding two messages is accepted whole`, n === two.length, `write returned ${n}`);
  check(`${label} device: ...the first message is answered`, first !== undefined && first.type === READ);
  check(`${label} device: ...and the second is dropped without an error`, second === undefined, second ? `type ${second.type}` : '');
  check(`${label} device: a header and its payload in two write() calls make one message`, await splitWrite(dev));
}

async function splitWrite(dev: RawDevice): Promise<boolean> {
  const f = frame(READ, 103, z('domid'));
  dev.write(f.subarray(0, 16));
  dev.write(f.subarray(16));
  return (await dev.reply(103))?.type === READ;
}

async function limits(dev: RawDevice, flavour: string, label: string): Promise<void> {
  const over = dev.write(Buffer.alloc(4097, 0x41));
  check(`${label} device: one write() over 4096 bytes fails with EINVAL`, over === 'EINVAL', `got ${over}`);
  const big = dev.write(frame(WRITE, 110, Buffer.alloc(0), 4081));
  check(`${label} device: a header announcing 4081 payload bytes fails with E2BIG`, big === 'E2BIG', `got ${big}`);
  check(`${label} device: the connection still works after both errors`, (await dev.ask(READ, 111, z('domid'))) !== 'NO-REPLY');
  const at = await dev.ask(WRITE, 112, Buffer.concat([Buffer.from('data/max\0'), Buffer.alloc(4080 - 9, 0x42)]));
  measure(`${label}.write_4080_payload`, at);
  check(`${label} device: a 4080-byte payload passes the device and is refused by xenstored (quota)`, at.startsWith('ERR:'), at);
  await quota(dev, flavour, label);
}

/** Largest value an unprivileged guest may store in one node, found by bisection. */
async function quota(dev: RawDevice, flavour: string, label: string): Promise<void> {
  let lo = 1000, hi = 4000, id = 200, refusal = '';
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const r = await dev.ask(WRITE, id++, Buffer.concat([Buffer.from('data/q\0'), Buffer.alloc(mid, 0x43)]));
    if (r === 'OK') lo = mid;
    else [hi, refusal] = [mid, r];
  }
  measure(`${label}.value_quota_bytes`, lo);
  measure(`${label}.value_quota_refusal`, refusal);
  const want = flavour === 'oxenstored' ? [2048, 'ERR:E2BIG'] : [2015, 'ERR:ENOSPC'];
  check(`${label} quota: ${flavour} takes at most ${want[0]} value bytes from the guest and answers ${want[1]}`, lo === want[0] && refusal === want[1], `max ${lo}, then ${refusal}`);
  await dev.ask(13, id, z('data/q'));
}

async function permissions(dev: RawDevice, label: string): Promise<void> {
  const cases: [string, number, string][] = [
    ["read dom0's name", READ, z('/local/domain/0/name')],
    ["write under dom0's data", WRITE, '/local/domain/0/data/x\0v'],
    ['write its own name', WRITE, 'name\0other'],
    ['write the root node', WRITE, '/x\0v'],
  ];
  let id = 300;
  for (const [what, type, payload] of cases) {
    const r = await dev.ask(type, id++, payload);
    check(`${label} permissions: the guest cannot ${what}`, r === 'ERR:EACCES', r);
  }
  const own = await dev.ask(WRITE, id++, 'data/mine\0v');
  check(`${label} permissions: the guest can write its own data/`, own === 'OK', own);
}

async function watchOrder(dev: RawDevice, label: string): Promise<void> {
  const others: Frame[] = [];
  dev.write(frame(WATCH, 400, z('data/w', 'tok')));
  await dev.reply(400, 2000, others);
  const initial = others.length ? others : [await dev.next(1000)].filter((f): f is Frame => !!f);
  check(`${label} watch: the initial event arrives right after registering`, initial.some((f) => f.type === EVENT));
  const seen: string[] = [];
  dev.write(frame(WRITE, 401, 'data/w/x\0v'));
  for (let i = 0; i < 2; i++) {
    const f = await dev.next(2000);
    if (f) seen.push(f.type === EVENT ? 'event' : f.reqId === 401 ? 'reply' : `other:${f.type}`);
  }
  measure(`${label}.self_write_order`, seen.join(','));
  check(`${label} watch: a self-triggered write gives one reply and one event, in either order`, [...seen].sort().join() === 'event,reply', seen.join());
}

/** Why: every device fact in one pass over a fresh raw connection. */
export async function deviceFacts(flavour: string, path = '/dev/xen/xenbus', label = flavour): Promise<void> {
  const dev = new RawDevice(path);
  try {
    await framing(dev, label);
    await limits(dev, flavour, label);
    await permissions(dev, label);
    await watchOrder(dev, label);
  } finally {
    dev.close();
  }
}
