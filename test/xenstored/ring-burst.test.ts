// Regression: a long burst of guest requests must keep the guest endpoint alive. The bridge once
// published the ring indexes byte by byte (Python's struct.pack_into), so xenstored could read a
// half-written req_prod, judge the ring corrupt and ignore the domain for good (every later
// request unanswered, its watches gone) after a few hundred host messages.
import { connect as netConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage, FrameDecoder, nulStrings, Op } from '../../ovmd/protocol/index.js';
import { startGuest, startXenstored, type GuestEndpoint, type Xenstored } from './testbed.js';

const REQUESTS = 40_000;
const WINDOW = 64; // requests in flight: keeps the request ring busy while xenstored reads it

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ path });
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
}

/**
 * Pipelines `total` reads of `path`; resolves with the count of correct answers (`expected`,
 * with the request's own req_id) received before `ms` of silence.
 */
function burst(sock: Socket, path: string, expected: string, total: number, ms: number): Promise<number> {
  return new Promise((resolve) => {
    const dec = new FrameDecoder();
    let sent = 0;
    let answered = 0;
    let timer = setTimeout(() => resolve(answered), ms);
    const send = () => {
      while (sent < total && sent - answered < WINDOW) {
        sent++;
        sock.write(encodeMessage({ type: Op.READ, reqId: sent, txId: 0, payload: nulStrings(path) }));
      }
    };
    sock.on('data', (chunk) => {
      for (const m of dec.push(chunk)) {
        if (m.type === Op.READ && m.reqId === answered + 1 && m.payload.toString() === expected) answered++;
      }
      clearTimeout(timer);
      if (answered >= total) return resolve(answered);
      timer = setTimeout(() => resolve(answered), ms);
      send();
    });
    send();
  });
}

describe('guest ring under a long burst (C xenstored)', () => {
  let xs: Xenstored;
  let guest: GuestEndpoint;
  beforeAll(async () => {
    xs = await startXenstored();
    guest = await startGuest(xs, 9);
  });
  afterAll(async () => {
    await xs?.stop();
  });

  it(`answers ${REQUESTS} pipelined requests, and a new connection afterwards`, async () => {
    const sock = await open(guest.socket);
    try {
      expect(await burst(sock, 'name', 'guest9', REQUESTS, 10_000)).toBe(REQUESTS);
    } finally {
      sock.destroy();
    }
    const fresh = await open(guest.socket);
    try {
      expect(await burst(fresh, 'domid', '9', 1, 10_000)).toBe(1);
    } finally {
      fresh.destroy();
    }
  }, 60_000);
});
