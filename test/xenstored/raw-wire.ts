// Test helper: a raw xenstore wire connection that sends exactly the header fields given and
// returns every message as received, for checks the client would hide (req_id, tokens).
import { connect as netConnect, type Socket } from 'node:net';
import { encodeMessage, FrameDecoder, nulStrings, type Message } from '../../ovmd/protocol/index.js';

export class RawWire {
  private readonly inbox: Message[] = [];
  private wake: (() => void) | undefined;
  private constructor(private readonly sock: Socket) {
    const d = new FrameDecoder();
    sock.on('data', (chunk) => {
      this.inbox.push(...d.push(chunk));
      this.wake?.();
    });
  }

  static open(path: string): Promise<RawWire> {
    return new Promise((resolve, reject) => {
      const s = netConnect({ path });
      s.once('error', reject);
      s.once('connect', () => resolve(new RawWire(s)));
    });
  }

  send(type: number, reqId: number, args: string[], txId = 0): void {
    this.sock.write(encodeMessage({ type, reqId, txId, payload: nulStrings(...args) }));
  }

  /** The next message matching `pred`, waiting up to `ms`. */
  async next(pred: (m: Message) => boolean = () => true, ms = 15_000): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${ms} ms; inbox: ${JSON.stringify(this.inbox)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake = () => (clearTimeout(t), r());
      });
    }
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.sock.once('close', () => r());
      this.sock.destroy();
    });
  }
}
