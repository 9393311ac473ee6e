// The running daemon's control socket (/run/ovmd/control.sock): how `ovmd -e EVENT` reaches
// it. One JSON line in, one JSON line out. The socket also marks "a daemon is running": a
// second daemon on the same root refuses to start while the first one answers.
import { existsSync, rmSync, chmodSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';

/** What `ovmd -e` (or a liveness check) asks the daemon. */
export interface ControlRequest {
  event?: string;
  ping?: boolean;
}

/** The daemon's answer, printed by `ovmd -e`. */
export interface ControlReply {
  ok: boolean;
  message: string;
  pid?: number;
}

/** Thrown when no daemon answers on the socket; the message says what to do. */
export class NoDaemonError extends Error {
  constructor(socket: string) {
    super(`no running ovmd answers on ${socket}; start it (systemctl start ovmd, or run ovmd) and try again`);
    this.name = 'NoDaemonError';
  }
}

/** Sends one request to the daemon and returns its reply. */
export function askDaemon(socket: string, request: ControlRequest, timeoutMs = 120_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    if (!existsSync(socket)) return reject(new NoDaemonError(socket));
    const conn = createConnection(socket);
    let data = '';
    const timer = setTimeout(() => conn.destroy(new Error(`ovmd did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on('data', (chunk) => (data += chunk.toString('utf8')));
    conn.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(data) as ControlReply);
      } catch {
        reject(new Error('ovmd sent an unreadable reply on its control socket'));
      }
    });
    conn.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? new NoDaemonError(socket) : error);
    });
  });
}

/** Starts the control server; refuses when another live daemon already owns the socket. */
export async function serveControl(
  socket: string,
  handle: (request: ControlRequest) => Promise<ControlReply>,
): Promise<Server> {
  try {
    const reply = await askDaemon(socket, { ping: true }, 5_000);
    throw new Error(`another ovmd is already running (pid ${reply.pid ?? '?'}, socket ${socket})`);
  } catch (error) {
    if (!(error instanceof NoDaemonError)) throw error;
  }
  rmSync(socket, { force: true });
  const server = createServer((conn) => {
    let data = '';
    conn.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (!data.includes('\n')) return;
      let request: ControlRequest;
      try {
        request = JSON.parse(data) as ControlRequest;
      } catch {
        conn.end(`${JSON.stringify({ ok: false, message: 'unreadable request' })}\n`);
        return;
      }
      handle(request)
        .catch((error: Error) => ({ ok: false, message: error.message }))
        .then((reply) => conn.end(`${JSON.stringify(reply)}\n`));
    });
    conn.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  chmodSync(socket, 0o600);
  return server;
}
