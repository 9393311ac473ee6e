// The one transport interface (house style 5, after pyxs): write a whole message, get data
// chunks, learn about the close, close. The unix socket and the xenbus device implement it.

/** A byte pipe to xenstored that always receives whole messages. */
export interface Transport {
  /** 'socket' (dom0 socket or a guest bridge) or 'device' (/dev/xen/xenbus, /proc/xen/xenbus). */
  readonly kind: 'socket' | 'device';
  /** The endpoint's path, for messages. */
  readonly path: string;
  /** Largest request payload this endpoint takes (4096 socket, 4080 device). */
  readonly maxPayload: number;
  /** Largest reply payload accepted; a header announcing more is a framing error. */
  readonly maxReply: number;
  /**
   * Sends one complete message (header and payload). Rejects when the endpoint refused it; on the
   * device a watch registration error arrives this way, as an Error whose `.code` is the errno name.
   */
  write(message: Buffer): Promise<void>;
  /** Registers the receiver of incoming bytes (chunks split anywhere). */
  onData(listener: (chunk: Buffer) => void): void;
  /** Registers the listener called once when the connection ends, with the cause if any. */
  onClose(listener: (cause?: Error) => void): void;
  /** Ends the connection; resolves when it is closed. Idempotent. */
  close(): Promise<void>;
}
