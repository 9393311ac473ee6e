// XAPI's vm-data as a message source, against the real C xenstored: dom0 writes vm-data the way
// xenopsd does (the directory owned by the guest, the keys written by dom0 before the guest
// runs, with the real xenstore-write/xenstore-chmod), the daemon configures itself, removes the
// secret's node, and takes a key written later; what each side can still see is checked.
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type XenstoreClient } from '../../../../ovmd/client/index.js';
import { Daemon } from '../../../../ovmd/daemon/daemon.js';
import type { Log } from '../../../../ovmd/daemon/log.js';
import { ovmdPaths } from '../../../../ovmd/daemon/paths.js';
import type { GuestInputs } from '../../../../ovmd/daemon/report-xapi/guest-inputs.js';
import { runnerEngine } from '../../../../ovmd/daemon/runner-engine.js';
import { startGuest, startXenstored, type Xenstored } from '../../../xenstored/testbed.js';
import { makeFixtureRoot } from '../fixture-root.js';

const DOMID = 11;
const HOME = `/local/domain/${DOMID}`;
const PW_PATH = `${HOME}/vm-data/com/oracle/linux/root-password`;
const CANARY = 'CANARY-vmdata-5d1c';
let xsd: Xenstored;
let host: XenstoreClient;
let daemon: Daemon;
let fixture: { root: string; cleanup: () => void };
let firstRun: Promise<{ state: string }>;
const lines: string[] = [];
const logged = new EventEmitter();
const log: Log = {
  info: (m) => (lines.push(m), logged.emit('line', m)),
  warn: (m) => (lines.push(`warning: ${m}`), logged.emit('line', m)),
  error: (m) => (lines.push(`error: ${m}`), logged.emit('line', m)),
  close: () => undefined,
};
const inputs: GuestInputs = {
  releaseFiles: () => new Map([['/etc/oracle-release', 'Oracle Linux Server release 9.4\n']]),
  unameRelease: () => '5.15.0-test',
  meminfo: () => 'MemTotal: 1000 kB\nMemFree: 300 kB\nMemAvailable: 500 kB\n',
  interfaces: () => [],
  vifId: () => undefined,
  balloon: () => false,
};

function nextLine(pattern: RegExp): Promise<string> {
  const seen = lines.find((l) => pattern.test(l));
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const on = (m: string) => pattern.test(m) && (logged.off('line', on), resolve(m));
    logged.on('line', on);
  });
}

/** The real C tools, as dom0. */
async function tool(name: string, ...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(name, args, { env: xsd.env, reject: false });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function filesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

beforeAll(async () => {
  fixture = makeFixtureRoot();
  writeFileSync(join(fixture.root, 'etc/sysconfig/ovm-template-initial-config'), 'INITIAL_CONFIG=yes\n');
  xsd = await startXenstored();
  await startGuest(xsd, DOMID);
  host = await connect({ endpoint: xsd.socket });
  // What xenopsd does when it builds the domain (xc/domain.ml): vm-data owned by the guest, then
  // the VM's xenstore-data map written into it by dom0, before the guest runs.
  expect((await tool('xenstore-write', `${HOME}/unique-domain-id`, '6a1e0c3e-0000-4000-8000-000000000011')).exitCode).toBe(0);
  expect((await tool('xenstore-write', `${HOME}/vm-data`, '')).exitCode).toBe(0);
  expect((await tool('xenstore-chmod', `${HOME}/vm-data`, `n${DOMID}`)).exitCode).toBe(0);
  expect((await tool('xenstore-write',
    `${HOME}/vm-data/com/oracle/linux/network/hostname`, 'vm11.example.com',
    PW_PATH, CANARY)).exitCode).toBe(0);
  const paths = ovmdPaths(fixture.root);
  daemon = new Daemon({
    paths, engine: runnerEngine(fixture.root), log, periodSec: 600, pidFile: paths.pidFile,
    env: { XENSTORED_PATH: join(xsd.dir, `dom${DOMID}.sock`) }, xapiInputs: inputs,
    addressEvents: { start: () => undefined, stop: () => undefined }, version: '0.1.0',
  });
  firstRun = new Promise((r) => daemon.intake.once('run', r));
  await daemon.start();
});

afterAll(async () => {
  await daemon?.stop();
  await host?.close();
  await xsd?.stop();
  fixture?.cleanup();
});

describe('vm-data as a message source', () => {
  it('configures from what dom0 wrote before the guest started, and removes the secret from xenstore', async () => {
    const summary = await firstRun;
    expect(summary.state).toBe('configured');
    expect(readFileSync(join(fixture.root, 'etc/hostname'), 'utf8')).toBe('vm11.example.com\n');
    expect(lines.join('\n')).toMatch(/stored com\.oracle\.linux\.network\.hostname \(\d+ bytes, vm-data\/com\/oracle\/linux\/network\/hostname\)/);
    // The secret's node is gone for dom0 too; the non-secret key stays where XAPI put it.
    const gone = await tool('xenstore-read', PW_PATH);
    expect(gone.exitCode).not.toBe(0);
    expect((await tool('xenstore-read', `${HOME}/vm-data/com/oracle/linux/network/hostname`)).stdout).toBe('vm11.example.com');
    const everything = (await tool('xenstore-ls', '-f', HOME)).stdout;
    expect(everything).not.toContain(CANARY);
    expect(lines.join('\n')).not.toContain(CANARY);
    expect(filesUnder(join(fixture.root, 'var'))).not.toContain(CANARY);
    expect(filesUnder(join(fixture.root, 'etc/sysconfig'))).not.toContain(CANARY);
  });

  it('shows up as an agent-equipped VM in the layout XAPI reads (XAPI detected from unique-domain-id)', async () => {
    await expect.poll(async () => (await tool('xenstore-read', `${HOME}/data/os_distro`)).stdout, { timeout: 20_000 }).toBe('oracle');
    expect((await tool('xenstore-read', `${HOME}/attr/PVAddons/Installed`)).stdout).toBe('1');
    expect((await tool('xenstore-read', `${HOME}/data/meminfo_free`)).stdout).toBe('500');
    expect((await tool('xenstore-read', `${HOME}/data/updated`)).exitCode).toBe(0);
    expect(lines.join('\n')).toMatch(/host: XAPI host/);
  });

  it('takes a key dom0 writes while the guest runs, and an unchanged key only once', async () => {
    const stored = nextLine(/stored com\.example\.later \(2 bytes, vm-data\/com\/example\/later\)/);
    expect((await tool('xenstore-write', `${HOME}/vm-data/com/example/later`, 'L1')).exitCode).toBe(0);
    await stored;
    expect(daemon.store.get('com.example.later')).toBe('L1');
    expect(lines.filter((l) => /stored com\.oracle\.linux\.network\.hostname/.test(l))).toHaveLength(1);
  });

  it('refuses an event and a key over the name limit, with the path in the log', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `segment${i}`).join('/');
    await tool('xenstore-write', `${HOME}/vm-data/VMAPIEvent`, 'cleanup', `${HOME}/vm-data/${long}`, 'x');
    await nextLine(/ignoring vm-data\/VMAPIEvent: VMAPIEvent cannot be sent as vm-data/);
    await nextLine(/ignoring vm-data\/segment0\/.*at most 255 are allowed/);
    expect(daemon.store.get('VMAPIEvent')).toBeUndefined();
  });

  it('a secret the guest may not delete is stored once and the log says it stays readable by dom0', async () => {
    const path = `${HOME}/vm-data/com/example/locked-password`;
    // Written by dom0 and then made dom0's own, readable by the guest (what a host that did not
    // give vm-data to the guest ends up with).
    await tool('xenstore-write', path, 'LOCKED-SECRET-1');
    await tool('xenstore-chmod', path, 'n0', `r${DOMID}`);
    await nextLine(/stored the secret "com\.example\.locked-password" but cannot remove vm-data\/com\/example\/locked-password from xenstore: this guest may not delete it/);
    expect((await tool('xenstore-read', path)).stdout).toBe('LOCKED-SECRET-1');
    await tool('xenstore-write', `${HOME}/vm-data/com/example/poke`, 'p');
    await nextLine(/stored com\.example\.poke/);
    expect(lines.filter((l) => /stored com\.example\.locked-password/.test(l))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('LOCKED-SECRET-1');
  });

  it('another guest cannot read this guest\'s vm-data', async () => {
    const other = await startGuest(xsd, 12);
    const peer = await connect({ endpoint: other.socket });
    try {
      await expect(peer.read(`${HOME}/vm-data/com/oracle/linux/network/hostname`)).rejects.toMatchObject({ code: 'EACCES' });
    } finally {
      await peer.close();
      await other.stop();
    }
  });
});
