// The daemon in-process, with the real module runner, two fixture modules, the real C
// xenstored and the guest as unprivileged domU 9: trigger, secret wipe, first-boot disarm,
// reporting, events, failures and a xenstored restart.
import { EventEmitter, once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type XenstoreClient } from '../../../ovmd/client/index.js';
import { Daemon } from '../../../ovmd/daemon/daemon.js';
import type { Log } from '../../../ovmd/daemon/log.js';
import { fileNameFor, journalFile } from '../../../ovmd/daemon/param-store.js';
import { liveParamsDir } from '../../../ovmd/daemon/seal.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import type { RunSummary } from '../../../ovmd/daemon/run-summary.js';
import { runnerEngine } from '../../../ovmd/daemon/runner-engine.js';
import { queryFromGuest, readFromGuest, sendToGuest } from '../../../ovmd/vmapi/host.js';
import { startGuest, startXenstored, type GuestEndpoint, type Xenstored } from '../../xenstored/testbed.js';
import { makeFixtureRoot } from './fixture-root.js';

const DOMID = 9;
const PW = 'com.oracle.linux.root-password';
const CANARY = 'CANARY-7f3e-pw';
let xsd: Xenstored;
let guest: GuestEndpoint;
let host: XenstoreClient;
let daemon: Daemon;
let fixture: { root: string; cleanup: () => void };
const lines: string[] = [];
const logged = new EventEmitter();

const log: Log = {
  info: (m) => (lines.push(m), logged.emit('line', m)),
  warn: (m) => (lines.push(`warning: ${m}`), logged.emit('line', m)),
  error: (m) => (lines.push(`error: ${m}`), logged.emit('line', m)),
  close: () => undefined,
};

function nextLine(pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const on = (m: string) => pattern.test(m) && (logged.off('line', on), resolve(m));
    logged.on('line', on);
  });
}

async function nextRun(target = 'configure'): Promise<RunSummary> {
  for (;;) {
    const [summary] = (await once(daemon.intake, 'run')) as [RunSummary];
    if (summary.target === target) return summary;
  }
}

function filesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

beforeAll(async () => {
  fixture = makeFixtureRoot();
  writeFileSync(join(fixture.root, 'etc/sysconfig/ovm-template-initial-config'), '# armed\nINITIAL_CONFIG=yes\n');
  writeFileSync(join(fixture.root, 'ifaces.json'), JSON.stringify([{ name: 'eth0', mac: '00:16:3e:00:00:09', ipv4: ['192.0.2.9'], ipv6: [] }]));
  writeFileSync(join(fixture.root, 'etc/sysconfig/ovmd'), `IP_SOURCE=${join(fixture.root, 'ifaces.json')}\n`);
  xsd = await startXenstored();
  guest = await startGuest(xsd, DOMID);
  host = await connect({ endpoint: xsd.socket, reconnect: true });
  const paths = ovmdPaths(fixture.root);
  daemon = new Daemon({ paths, engine: runnerEngine(fixture.root), log, periodSec: 600, pidFile: paths.pidFile, env: guest.env });
  await daemon.start();
});

afterAll(async () => {
  await daemon?.stop();
  await host?.close();
  await xsd?.stop();
  fixture?.cleanup();
});

describe('ovmd daemon', () => {
  it('configures once the root password arrives, wipes it, disarms first boot and reports back', async () => {
    const run = nextRun();
    await sendToGuest(host, DOMID, [{ key: 'com.oracle.linux.network.hostname', value: 'vm9.example.com' }]);
    await nextLine(/waiting for com\.oracle\.linux\.root-password/);
    await sendToGuest(host, DOMID, [{ key: PW, value: CANARY }]);
    const summary = await run;
    expect(summary.state).toBe('configured');
    expect(summary.modules?.map((m) => `${m.name}:${m.status}`)).toEqual(['fixture-net:ok', 'fixture-auth:ok']);
    const root = fixture.root;
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('vm9.example.com\n');
    expect(daemon.store.all()[PW]).toBeUndefined();
    expect(readFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'utf8')).toBe('# armed\nINITIAL_CONFIG=no\n');
    const result = JSON.parse((await queryFromGuest(host, DOMID, 'ovmd.run-result'))!);
    expect(result).toMatchObject({ target: 'configure', state: 'configured' });
    expect(await queryFromGuest(host, DOMID, 'com.example.fixture.applied')).toBe('yes');
    expect(JSON.parse((await queryFromGuest(host, DOMID, 'ovmd.ip-addresses'))!)[0].ipv4).toEqual(['192.0.2.9']);
    const sent = JSON.stringify(await readFromGuest(host, DOMID));
    expect(sent).not.toContain(CANARY);
    expect(lines.join('\n')).not.toContain(CANARY);
    expect(filesUnder(join(root, 'var'))).not.toContain(CANARY);
  });

  it('runs a target named by a VMAPIEvent, whatever its case', async () => {
    const run = nextRun('cleanup');
    await sendToGuest(host, DOMID, [{ key: 'VMAPIEvent', value: 'CleanUp' }]);
    expect((await run).state).toBe('completed');
    expect(readFileSync(join(fixture.root, 'var/log/fixture-runs.log'), 'utf8')).toMatch(/auth cleanup/);
  });

  it('reports a failed run with a one-line error and keeps the secret for a corrected batch', async () => {
    const run = nextRun();
    await sendToGuest(host, DOMID, [{ key: 'com.oracle.linux.network.hostname', value: 'fail' }, { key: PW, value: CANARY }]);
    const summary = await run;
    expect(summary.state).toBe('failed');
    expect(summary.error).toMatch(/refused by the fixture/);
    expect(daemon.store.all()[PW]).toBe(CANARY);
    const fixed = nextRun();
    await sendToGuest(host, DOMID, [{ key: 'com.oracle.linux.network.hostname', value: 'vm9b' }]);
    expect((await fixed).state).toBe('configured');
    expect(daemon.store.all()[PW]).toBeUndefined();
  });

  it('reconnects after xenstored restarts and misses nothing sent afterwards', async () => {
    const reconnected = nextLine(/reconnected to xenstore/);
    const hostBack = once(host, 'reconnect');
    await guest.stop();
    await xsd.restart();
    guest = await startGuest(xsd, DOMID);
    await Promise.all([reconnected, hostBack]);
    const run = nextRun();
    await sendToGuest(host, DOMID, [{ key: 'com.oracle.linux.network.hostname', value: 'after-restart' }, { key: PW, value: CANARY }]);
    expect((await run).state).toBe('configured');
    expect(readFileSync(join(fixture.root, 'etc/hostname'), 'utf8')).toBe('after-restart\n');
  });

  it('with RECONFIGURE_ON_TRIGGER=no (re-read like on SIGHUP) a new trigger only discards the secret', async () => {
    const file = join(fixture.root, 'etc/sysconfig/ovmd');
    writeFileSync(file, `${readFileSync(file, 'utf8')}RECONFIGURE_ON_TRIGGER=no\n`);
    daemon.reload();
    const ignored = nextLine(/RECONFIGURE_ON_TRIGGER=no and the system is configured; secrets discarded/);
    await sendToGuest(host, DOMID, [{ key: PW, value: CANARY }]);
    await ignored;
    expect(daemon.store.all()[PW]).toBeUndefined();
    expect(readFileSync(join(fixture.root, 'etc/hostname'), 'utf8')).toBe('after-restart\n');
  });

  it('journals a received value, applies it to the store files once the channel is quiet, and a quiet re-scan reads no store', async () => {
    const paths = ovmdPaths(fixture.root);
    const file = join(liveParamsDir(paths), fileNameFor('com.example.quiet')); // an earlier test may have sealed it
    const applied = nextLine(/applied 1 received parameter from the intake journal to the store \(the channel is quiet\)/);
    await sendToGuest(host, DOMID, [{ key: 'com.example.quiet', value: 'q1' }]);
    await nextLine(/stored com\.example\.quiet/);
    expect(daemon.store.get('com.example.quiet')).toBe('q1'); // readable at once, from the journal
    await applied;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ key: 'com.example.quiet', value: 'q1' });
    expect(readFileSync(journalFile(paths)).includes('q1')).toBe(false);
    // The periodic safety re-scan with nothing new: the channel is read, the store is not.
    let picks = 0;
    const pick = daemon.store.pick.bind(daemon.store);
    daemon.store.pick = (keys) => (picks++, pick(keys));
    try {
      const inner = daemon as unknown as { tick(): void; lastScan: Promise<void> };
      inner.tick();
      await inner.lastScan; // the re-scan of the channel, which queues its settle first
      await daemon.intake.settled(); // and that settle has run
      expect(picks).toBe(0);
      const looked = nextLine(/stored com\.example\.quiet/);
      await sendToGuest(host, DOMID, [{ key: 'com.example.quiet', value: 'q2' }]);
      await looked;
      await expect.poll(() => picks, { timeout: 20_000 }).toBe(1); // something arrived: the trigger is checked
    } finally {
      daemon.store.pick = pick;
    }
  });

  it('a scan refused by xenstore is tried again within seconds, not at the next period, and nothing sent meanwhile is lost', async () => {
    // The real xenstored refuses the guest's READ of its own domid (EACCES) while dom0 withholds
    // the permission: every channel scan fails, as oxenstored's stray EINVAL made one fail on real Xen.
    const domidNode = `/local/domain/${DOMID}/domid`;
    const perms = await host.getPerms(domidNode);
    const refused = nextLine(/channel scan interrupted: .*EACCES.*; trying again in 1 s/);
    await host.setPerms(domidNode, ['n0']);
    try {
      await sendToGuest(host, DOMID, [{ key: 'com.example.retry', value: 'r1' }]);
      await refused;
    } finally {
      await host.setPerms(domidNode, perms);
    }
    // No watch fires for a permission change and the period is 600 s: only the retry reads it.
    const t0 = Date.now();
    await nextLine(/stored com\.example\.retry/);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(daemon.store.get('com.example.retry')).toBe('r1');
    await expect.poll(() => lines.includes('channel scan works again'), { timeout: 10_000 }).toBe(true);
    expect(lines.filter((l) => /channel scan interrupted/.test(l)).length).toBe(1); // said once, not per retry
  });

  it('values that arrive during a long run reach the store files without waiting for its end', async () => {
    const paths = ovmdPaths(fixture.root);
    const running = nextLine(/running +\d\d fixture-net/);
    const file = join(fixture.root, 'etc/sysconfig/ovmd');
    writeFileSync(file, readFileSync(file, 'utf8').replace('RECONFIGURE_ON_TRIGGER=no\n', '')); // an earlier test set it
    daemon.reload();
    await sendToGuest(host, DOMID, [{ key: 'com.oracle.linux.network.hostname', value: 'sleep-3' }, { key: PW, value: CANARY }]);
    await running;
    let ended = false;
    const finished = nextLine(/target configure: /).then(() => (ended = true));
    const applied = nextLine(/applied 1 received parameter from the intake journal to the store \(the channel is quiet\)/);
    await sendToGuest(host, DOMID, [{ key: 'com.example.during', value: 'd1' }]);
    await applied;
    expect(ended).toBe(false); // the run is still sleeping
    expect(JSON.parse(readFileSync(join(liveParamsDir(paths), fileNameFor('com.example.during')), 'utf8')).value).toBe('d1');
    await finished;
  });
});

