// First boot with the console dialog, end to end: the built ovmd in --first-boot mode runs in a
// real terminal (tmux) against the real C xenstored, as an unprivileged guest, on a scratch el9
// root with every built-in module enabled. Both orders of the race are shown:
//  - the host's batch completes while the dialog is half answered: one configure run, the
//    dialog closes, the half-typed answers are dropped;
//  - the dialog completes first (a half-sent host batch does not hold it up): one configure
//    run; later host messages are stored by the daemon that takes over, and only a new trigger
//    runs configure again;
//  - a set the modules refuse is shown with its reasons on the review, nothing runs until an
//    answer is changed there (the loop after a failed run is covered by first-boot-source.test.ts).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type XenstoreClient } from '../../ovmd/client/index.js';
import { sendToGuest, setupChannel } from '../../ovmd/vmapi/host.js';
import { cleanupRoots } from '../helpers/roots.js';
import { BIN, ensureDist, makeGuest, rootPasswordIs } from '../template.d/console/guest.js';
import { killPanes, TmuxPane } from '../template.d/console/tmux.js';
import { startGuest, startXenstored, type GuestEndpoint, type Xenstored } from '../xenstored/testbed.js';

const N = 'com.oracle.linux.network.';
const PW_KEY = 'com.oracle.linux.root-password';
const HOST_PW = 'host-Canary-pw-7731';
const CONSOLE_PW = 'console-Canary-pw-4410';
const RUN_LOG = 'var/log/ovm-template-config.log';

let xsd: Xenstored;
let host: XenstoreClient;
const guests: GuestEndpoint[] = [];
const daemons: ChildProcess[] = [];

beforeAll(async () => {
  ensureDist();
  xsd = await startXenstored();
  host = await connect({ endpoint: xsd.socket, reconnect: false });
}, 240_000);

afterEach(async () => {
  await killPanes();
  for (const d of daemons.splice(0)) {
    if (d.exitCode === null) {
      const exited = new Promise((r) => d.once('exit', r));
      d.kill('SIGTERM');
      await exited;
    }
  }
});

afterAll(async () => {
  await host?.close();
  for (const g of guests) await g.stop();
  await xsd?.stop();
  cleanupRoots();
});

async function guestDomain(domid: number): Promise<GuestEndpoint> {
  const g = await startGuest(xsd, domid);
  guests.push(g);
  await setupChannel(host, domid);
  return g;
}

function armedGuest(): string {
  return makeGuest('el9', { 'etc/sysconfig/ovm-template-initial-config': 'INITIAL_CONFIG=yes\n' });
}

function envFor(g: GuestEndpoint, term = 'screen'): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: term, XENSTORED_PATH: g.env.XENSTORED_PATH };
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** How many configure runs the runner logged as finished or refused. */
function runCount(root: string): number {
  if (!existsSync(join(root, RUN_LOG))) return 0;
  return read(root, RUN_LOG).split('\n').filter((l) => /configure.*run (finished|refused)/.test(l)).length;
}

/** ovmd --first-boot in a pane; no periodic re-scan, so no log line lands in the middle of a question. */
function firstBoot(root: string, g: GuestEndpoint, budget = 300, term = 'screen'): Promise<TmuxPane> {
  const command = [join(BIN, 'ovmd'), '--root', root, '--first-boot', '--first-boot-timeout', String(budget), '-d', '1', '-t', '3600'];
  return TmuxPane.start(command, envFor(g, term));
}

function ovmdGet(root: string, key: string, g: GuestEndpoint): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(join(BIN, 'ovmd'), ['--root', root, '-g', key], { env: envFor(g) }, (error, stdout) => resolve(error ? undefined : stdout.trimEnd()));
  });
}

/** Polls `check` until it holds; the deadline is generous for a loaded machine. */
async function until(what: string, check: () => boolean | Promise<boolean>, detail?: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting until ${what}${detail ? `:\n${detail()}` : ''}`);
}

describe('first boot: host messages and the console dialog race', { timeout: 240_000 }, () => {
  // screen: inquirer's prompts; vt220 (a serial /dev/console under systemd): the plain line driver.
  it.each([
    ['screen', 21],
    ['vt220', 25],
  ])('host messages complete while the dialog is open (TERM=%s): configure runs once and the dialog goes away', async (term, domid) => {
    const g = await guestDomain(domid);
    const root = armedGuest();
    const pane = await firstBoot(root, g, 300, term);
    await pane.waitFor(/waiting up to 300 s for com\.oracle\.linux\.root-password from the host \(xenstore\) or the console/);
    // Either driver listens before it prints a question, and this one is printed only once.
    await pane.answer('Host name of the system', 'half.example.com');
    await pane.waitFor(/^\? Network interface name/m);
    await sendToGuest(host, domid, [
      { key: `${N}hostname`, value: 'host1.example.com' },
      { key: `${N}device.0`, value: 'eth0' },
      { key: `${N}bootproto.0`, value: 'dhcp' },
      { key: PW_KEY, value: HOST_PW },
    ]);
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).toContain('first-boot configuration complete');
    expect(screen).toContain('The console questions are closed.');
    expect(screen).not.toContain('Answers taken');
    expect(read(root, 'etc/hostname')).toBe('host1.example.com\n');
    expect(runCount(root)).toBe(1);
    expect(read(root, 'etc/sysconfig/ovm-template-initial-config')).toBe('INITIAL_CONFIG=no\n');
    expect(rootPasswordIs(read(root, 'etc/shadow'), HOST_PW)).toBe(true);
    for (const text of [screen, read(root, RUN_LOG)]) expect(text).not.toContain(HOST_PW);
  });

  it('a set the modules refuse is caught on the review before anything runs; one answer changed there, then configure runs once', async () => {
    const g = await guestDomain(23);
    const root = armedGuest();
    const pane = await firstBoot(root, g);
    await pane.waitFor(/^\? Host name of the system.*Enter keeps localhost\.localdomain \(current\)/m);
    await pane.answer('Host name of the system', 'retry.example.com');
    await pane.answer('Network interface name', '');
    await pane.answer('Bring the interface up at boot', 'yes');
    await pane.answer('How the interface gets its address', 'static');
    await pane.answer('Static IPv4 address', '192.0.2.40');
    await pane.answer('Netmask of the static address', '255.255.255.0');
    await pane.answer('Default gateway', '198.51.100.1');
    await pane.answer('DNS servers', '');
    await pane.answer('Password for the root account', CONSOLE_PW);
    await pane.answer('Type it again to confirm', CONSOLE_PW);
    await pane.answer('Apply these answers', 'apply');
    await pane.waitFor(/The modules refuse these answers \(1 reason\); nothing was changed:/);
    await pane.waitFor(/! com\.oracle\.linux\.network\.gateway\.0: 198\.51\.100\.1 is not on the network/);
    expect(runCount(root)).toBe(0);
    expect(read(root, 'etc/sysconfig/ovm-template-initial-config')).toBe('INITIAL_CONFIG=yes\n');
    await pane.answer('Apply these answers', '7');
    await pane.answer('Default gateway', '192.0.2.1');
    await pane.answer('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    expect(runCount(root)).toBe(1);
    const screen = await pane.screen();
    expect(screen).toMatch(/^ {2}ok {7}50 network +\d+\.\d\d s$/m);
    expect(read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection')).toMatch(/^address1=192\.0\.2\.40\/24,192\.0\.2\.1$/m);
    expect(read(root, 'etc/hostname')).toBe('retry.example.com\n');
    expect(rootPasswordIs(read(root, 'etc/shadow'), CONSOLE_PW)).toBe(true);
    expect(read(root, 'etc/sysconfig/ovm-template-initial-config')).toBe('INITIAL_CONFIG=no\n');
    expect(screen).not.toContain(CONSOLE_PW);
    expect(read(root, RUN_LOG)).not.toContain(CONSOLE_PW);
  });

  it('the dialog completes first: configure runs once; later host messages are stored and wait for a new trigger', async () => {
    const g = await guestDomain(22);
    const root = armedGuest();
    const pane = await firstBoot(root, g);
    // A half-sent host batch (no trigger yet) does not hold the dialog up.
    await pane.waitFor(/^\? Host name of the system/m);
    await sendToGuest(host, 22, [{ key: `${N}hostname`, value: 'partial.example.com' }]);
    await pane.waitFor(/stored com\.oracle\.linux\.network\.hostname/);
    await pane.answer('Host name of the system', 'console2.example.com');
    await pane.answer('Network interface name', 'eth0');
    await pane.answer('Bring the interface up at boot', '1');
    await pane.answer('How the interface gets its address', '1');
    await pane.answer('Password for the root account', CONSOLE_PW);
    await pane.answer('Type it again to confirm', CONSOLE_PW);
    await pane.answer('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).toContain('Answers taken; configuring now.');
    expect(screen).toContain('first-boot configuration complete');
    expect(screen).not.toContain(CONSOLE_PW);
    expect(read(root, 'etc/hostname')).toBe('console2.example.com\n');
    expect(read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection')).toMatch(/^\[ipv4\]\nmethod=auto$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), CONSOLE_PW)).toBe(true);
    expect(runCount(root)).toBe(1);
    expect(read(root, 'etc/sysconfig/ovm-template-initial-config')).toBe('INITIAL_CONFIG=no\n');

    // The host sends more after the dialog won; the daemon that takes over stores it only.
    await sendToGuest(host, 22, [{ key: `${N}hostname`, value: 'later.example.com' }]);
    const daemon = spawn(join(BIN, 'ovmd'), ['--root', root, '-d', '1'], { env: envFor(g), stdio: ['ignore', 'pipe', 'pipe'] });
    daemons.push(daemon);
    let log = '';
    daemon.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    daemon.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    // On a timeout the daemon's own log (secrets masked) and the run log say what it was doing.
    const why = () => `daemon log:\n${log}\nrun log:\n${existsSync(join(root, RUN_LOG)) ? read(root, RUN_LOG) : '(none)'}`;
    await until('the daemon stores the late hostname', async () => (await ovmdGet(root, `${N}hostname`, g)) === 'later.example.com', why);
    await until('the daemon says it waits for the trigger', () => /waiting for com\.oracle\.linux\.root-password/.test(log), why);
    expect(runCount(root)).toBe(1);
    expect(read(root, 'etc/hostname')).toBe('console2.example.com\n');

    // Only a new trigger (the root password) configures again, with the stored hostname.
    await sendToGuest(host, 22, [{ key: PW_KEY, value: HOST_PW }]);
    await until('the second configure run', () => runCount(root) === 2 && read(root, 'etc/hostname') === 'later.example.com\n', why);
    expect(rootPasswordIs(read(root, 'etc/shadow'), HOST_PW)).toBe(true);
    for (const text of [log, read(root, RUN_LOG)]) {
      expect(text).not.toContain(HOST_PW);
      expect(text).not.toContain(CONSOLE_PW);
    }
  });

  it('values the host sent before the dialog opened are offered: Enter keeps them', async () => {
    const g = await guestDomain(26);
    const root = armedGuest();
    await sendToGuest(host, 26, [
      { key: `${N}hostname`, value: 'sent-early.example.com' },
      { key: `${N}device.0`, value: 'eth0' },
    ]);
    const pane = await firstBoot(root, g);
    await pane.waitFor(/The host already sent 2 of these values: each is offered, Enter keeps it\./);
    await pane.waitFor(/^\? Host name of the system.*Enter keeps sent-early\.example\.com/m);
    await pane.answer('Host name of the system', '');
    await pane.waitFor(/^\? Network interface name.*Enter keeps eth0/m);
    await pane.answer('Network interface name', '');
    await pane.answer('Bring the interface up at boot', '1');
    await pane.answer('How the interface gets its address', '1');
    await pane.answer('Password for the root account', CONSOLE_PW);
    await pane.answer('Type it again to confirm', CONSOLE_PW);
    await pane.answer('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    expect(read(root, 'etc/hostname')).toBe('sent-early.example.com\n');
    expect(read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection')).toMatch(/^\[ipv4\]\nmethod=auto$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), CONSOLE_PW)).toBe(true);
    expect(runCount(root)).toBe(1);
  });

  it('nothing completes within the time budget: the dialog closes, first boot stays armed, the boot goes on', async () => {
    const g = await guestDomain(24);
    const root = armedGuest();
    const before = read(root, 'etc/hostname');
    const pane = await firstBoot(root, g, 20);
    await pane.answer('Host name of the system', 'late.example.com');
    await pane.waitFor(/^\? Network interface name/m);
    expect(await pane.exitStatus()).toBe(1);
    const screen = await pane.screen();
    expect(screen).toContain('did not complete within 20 s; it stays armed and boot continues');
    expect(screen).toContain('The console questions are closed.');
    expect(read(root, 'etc/sysconfig/ovm-template-initial-config')).toBe('INITIAL_CONFIG=yes\n');
    expect(read(root, 'etc/hostname')).toBe(before);
    expect(runCount(root)).toBe(0);
  });
});
