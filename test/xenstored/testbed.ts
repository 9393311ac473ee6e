// The real-xenstored harness, for tests, the demo and the benchmarks (no test-framework imports).
// startXenstored() runs Debian's unmodified C xenstored or oxenstored on a private socket under
// the xsshim.so hypervisor shim; startGuest() adds an unprivileged domU endpoint through the
// multiplexing ring bridge (xs-guest-bridge.py). See test/xenstored/README.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildShims } from './shims.js';
import { forgetDir, logTail, startProcess, stopProcess, trackDir, type Daemon } from './processes.js';

export type Flavour = 'c' | 'oxenstored';

export interface Xenstored {
  readonly flavour: Flavour;
  /** The dom0 (privileged) socket. */
  readonly socket: string;
  /** The private run directory (socket, ring files, logs); removed by stop(). */
  readonly dir: string;
  /** Environment for libxenstore tools, pyxs and our client. */
  readonly env: { XENSTORED_PATH: string };
  /** The daemon's current process id (changes on restart). */
  readonly pid: number;
  /** Stops the daemon (and every guest bridge on it) and removes the run directory. */
  stop(): Promise<void>;
  /** Kills and starts the daemon again on the same socket, with an empty store. Guests must be started again. */
  restart(): Promise<void>;
}

export interface GuestEndpoint {
  readonly domid: number;
  /** A unix socket on which any number of clients are domain `domid`. */
  readonly socket: string;
  readonly env: { XENSTORED_PATH: string };
  stop(): Promise<void>;
}

const XENSTORED = '/usr/lib/xen-4.17/bin/xenstored';
const OXENSTORED = '/usr/lib/xen-4.17/bin/oxenstored';
/** Debian's python, where python3-pyxs lives; a pyenv python3 on PATH may shadow it. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const BRIDGE = join(dirname(fileURLToPath(import.meta.url)), 'xs-guest-bridge.py');
const READY_TIMEOUT_MS = 20_000;

/** Resolves once something accepts connections on `path`; rejects if the daemon exits first. */
async function waitForSocket(path: string, d: Daemon, what: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let dead = false;
  void d.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what} exited during start-up:\n${logTail(d)}`);
    if (await canConnect(path)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} did not open ${path} within ${READY_TIMEOUT_MS} ms:\n${logTail(d)}`);
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect({ path });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Environment for a daemon: ours minus XENSTORED_PATH (it would move the daemon's socket). */
function daemonEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, XSSHIM_PDEATHSIG: '1' };
  delete env.XENSTORED_PATH;
  return env;
}

async function launchC(dir: string, socket: string): Promise<Daemon> {
  const { xsshim } = await buildShims();
  const env = daemonEnv({ XENSTORED_RUNDIR: dir, XSSHIM_RINGDIR: dir, LD_PRELOAD: xsshim });
  // -N: stay in the foreground, so the PID is ours. Never -D: xenstored 4.17 then crashes on
  // the first request (no dom0 introduction, so no database; see README.md).
  // XSTESTBED_TRACE=1 adds xenstored's own trace (-T <dir>/trace) and verbose log, for diagnosis.
  const trace = process.env.XSTESTBED_TRACE === '1' ? ['-V', '-T', join(dir, 'trace')] : [];
  const d = startProcess(XENSTORED, ['-N', '-F', join(dir, 'xenstored.pid'), ...trace], env, join(dir, 'xenstored.log'));
  await waitForSocket(socket, d, 'xenstored');
  return d;
}

/** oxenstored reads its hypervisor files from its config; point them at plain files. */
function writeOxenstoredConfig(dir: string): string {
  writeFileSync(join(dir, 'xsd_port'), '1');
  writeFileSync(join(dir, 'xsd_kva'), Buffer.alloc(4096));
  const conf = join(dir, 'oxenstored.conf');
  writeFileSync(
    conf,
    [
      `pid-file = ${join(dir, 'oxenstored.pid')}`,
      `xenstored-kva = ${join(dir, 'xsd_kva')}`,
      `xenstored-port = ${join(dir, 'xsd_port')}`,
      `access-log-file = ${join(dir, 'access.log')}`,
      `xenstored-log-file = ${join(dir, 'oxenstored-internal.log')}`,
      'persistent = false',
      '',
    ].join('\n'),
  );
  return conf;
}

async function launchOx(dir: string, socket: string): Promise<Daemon> {
  const { xsshim, oextra } = await buildShims();
  const conf = writeOxenstoredConfig(dir);
  const env = daemonEnv({ OXS_SOCKET: socket, XSSHIM_RINGDIR: dir, LD_PRELOAD: `${oextra} ${xsshim}` });
  const d = startProcess(OXENSTORED, ['--no-fork', '--config-file', conf], env, join(dir, 'oxenstored.log'));
  await waitForSocket(socket, d, 'oxenstored');
  return d;
}

/** Starts a private xenstored (C by default) in its own run directory under the temp dir. */
export async function startXenstored(options: { flavour?: Flavour } = {}): Promise<Xenstored> {
  const flavour = options.flavour ?? 'c';
  const dir = mkdtempSync(join(tmpdir(), `ovm-xs-${flavour}-`));
  trackDir(dir);
  const socket = join(dir, 'socket');
  const launch = () => (flavour === 'c' ? launchC(dir, socket) : launchOx(dir, socket));
  const guests = new Set<GuestEndpoint>();
  let daemon: Daemon;
  try {
    daemon = await launch();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    forgetDir(dir);
    throw err;
  }
  const xs: Xenstored & { guests: Set<GuestEndpoint> } = {
    flavour, socket, dir, guests,
    env: { XENSTORED_PATH: socket },
    get pid() {
      return daemon.child.pid ?? -1;
    },
    async stop() {
      await Promise.all([...guests].map((g) => g.stop()));
      await stopProcess(daemon);
      rmSync(dir, { recursive: true, force: true });
      forgetDir(dir);
    },
    async restart() {
      await stopProcess(daemon);
      daemon = await launch();
    },
  };
  return xs;
}

/**
 * Starts an unprivileged guest endpoint for `domid`: provisions /local/domain/<domid> like
 * libxl, introduces the domain, and serves the ring to any number of clients on a socket.
 */
export async function startGuest(xs: Xenstored, domid: number): Promise<GuestEndpoint> {
  const socket = join(xs.dir, `dom${domid}.sock`);
  const args = [BRIDGE, '--domid', String(domid), '--listen', socket, '--ringdir', xs.dir, '--xenstored', xs.socket];
  const d = startProcess(SYSTEM_PYTHON, args, { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, join(xs.dir, `bridge${domid}.log`), true);
  await waitForLine(d, 'ready', `guest bridge for domid ${domid}`);
  const guests = (xs as { guests?: Set<GuestEndpoint> }).guests;
  const g: GuestEndpoint = {
    domid, socket,
    env: { XENSTORED_PATH: socket },
    async stop() {
      guests?.delete(g);
      await stopProcess(d);
    },
  };
  guests?.add(g);
  return g;
}

/** Waits for the bridge to print its ready line (an event, not a timer). */
function waitForLine(d: Daemon, word: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${what} not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopProcess(d).then(() => reject(new Error(`${err.message}\n${logTail(d)}`)));
    };
    d.child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (!settled && seen.includes(word)) {
        settled = true;
        clearTimeout(timer);
        resolve();
      }
    });
    void d.exited.then(() => fail(new Error(`${what} exited during start-up`)));
  });
}
