// `ovm-template-config --console-input` in a real terminal (tmux), with the real built-in
// module bundles on a scratch el9 root: a full static answer set with a wrong address and
// mismatched passwords re-asked, a DHCP answer that skips the static questions, the root's
// current values taken with Enter, a choice typed by value, a follow-up that cannot be skipped,
// the review (a refused set shown with its reason, an answer changed, quit) in both drivers,
// the password never on screen or in the log, and a clear refusal without a terminal.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRoots } from '../../helpers/roots.js';
import { BIN, ensureDist, makeGuest, rootPasswordIs } from './guest.js';
import { killPanes, TmuxPane } from './tmux.js';
import { cleanupIsos, makeIso, oracleEnvironment, oracleTemplateProperties } from '../ovf/iso-fixture.js';

const PASSWORD = 'Tr0ub4dor-canary-91';
const WRONG = 'Tr0ub4dor-canary-XX';
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'screen' };

let scratch: string;
beforeAll(() => {
  ensureDist();
  scratch = mkdtempSync(join(tmpdir(), 'ovm-console-'));
}, 240_000);
afterEach(killPanes);
afterAll(() => {
  cleanupRoots();
  cleanupIsos();
  rmSync(scratch, { recursive: true, force: true });
});

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

async function dialog(root: string): Promise<TmuxPane> {
  const pane = await TmuxPane.start([join(BIN, 'ovm-template-config'), '--root', root, '--console-input', 'configure'], ENV);
  await pane.waitFor(/Configuration questions for configure/);
  return pane;
}

/** Waits for `pattern` on the screen read without line breaks (inquirer breaks long prompt lines itself). */
function waitFlat(pane: TmuxPane, pattern: RegExp): Promise<string> {
  return pane.waitUntil(String(pattern), (text) => pattern.test(text.replace(/\n/g, '')));
}

async function typePassword(pane: TmuxPane, first: string, second: string): Promise<void> {
  await pane.answer('Password for the root account', first);
  await pane.answer('Type it again to confirm', second);
}

describe('ovm-template-config --console-input', { timeout: 180_000 }, () => {
  it('configures a static interface and the root password, re-asking a wrong address and mismatched passwords', async () => {
    const root = makeGuest('el9');
    const pane = await dialog(root);
    await pane.answer('Host name of the system', 'console1.example.com');
    await pane.answer('Network interface name', 'eth0');
    await pane.answer('Bring the interface up at boot', '1');
    await pane.answer('How the interface gets its address', '2');
    await pane.answer('Static IPv4 address', '192.0.2.300');
    await pane.waitFor(/! "192\.0\.2\.300" is not an IPv4 address/);
    await pane.answer('Static IPv4 address', '192.0.2.31');
    await pane.answer('Netmask of the static address', '255.255.255.0');
    await pane.answer('Default gateway', '192.0.2.1');
    await pane.answer('DNS servers', '192.0.2.53,192.0.2.54');
    await typePassword(pane, PASSWORD, WRONG);
    await pane.waitFor(/The two entries differ; please type the password again/);
    await typePassword(pane, PASSWORD, PASSWORD);
    await pane.answer('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).toMatch(/ok +50 network/);
    expect(screen).toMatch(/ok +90 authentication/);
    expect(screen).toMatch(/configure: all 7 modules succeeded/);
    expect(read(root, 'etc/hostname')).toBe('console1.example.com\n');
    const profile = read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection');
    expect(profile).toMatch(/^method=manual$/m);
    expect(profile).toMatch(/^address1=192\.0\.2\.31\/24,192\.0\.2\.1$/m);
    expect(profile).toMatch(/^dns=192\.0\.2\.53;192\.0\.2\.54;$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), PASSWORD)).toBe(true);
    const log = read(root, 'var/log/ovm-template-config.log');
    for (const text of [screen, log]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(WRONG);
      expect(text).not.toContain('canary');
    }
  });

  it('skips the static questions after a DHCP answer, and re-asks an empty required password', async () => {
    const root = makeGuest('el9');
    const pane = await dialog(root);
    await pane.answer('Host name of the system', '');
    await pane.answer('Network interface name', 'eth0');
    await pane.answer('Bring the interface up at boot', '1');
    await pane.answer('How the interface gets its address', '1');
    await pane.answer('Password for the root account', '');
    await pane.waitFor(/! A value is required: module "authentication" cannot run without it/);
    await typePassword(pane, PASSWORD, PASSWORD);
    await pane.answer('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).not.toMatch(/network\.(ipaddr|netmask|gateway|dns-servers)\.0/);
    expect(screen).not.toContain(PASSWORD);
    expect(read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection')).toMatch(/^\[ipv4\]\nmethod=auto$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), PASSWORD)).toBe(true);
  });

  it('works on a serial console (TERM=vt220, what systemd gives /dev/console on hvc0): questions printed once, no escape sequence, secret not echoed', async () => {
    const root = makeGuest('el9');
    const raw = join(scratch, 'dumb.raw');
    const command = ['env', 'TERM=vt220', join(BIN, 'ovm-template-config'), '--root', root, '--console-input', 'configure'];
    const pane = await TmuxPane.start(command, ENV, raw);
    await pane.answerLast('Host name of the system', 'plain.example.com');
    await pane.answerLast('Network interface name', 'eth0');
    await pane.answerLast('Bring the interface up at boot', '1');
    await pane.answerLast('How the interface gets its address', '2');
    await pane.answerLast('Static IPv4 address', '10.1.2.256');
    await pane.waitFor(/! "10\.1\.2\.256" is not an IPv4 address/);
    await pane.answerLast('Static IPv4 address', '10.1.2.3');
    await pane.answerLast('Netmask of the static address', '24');
    await pane.answerLast('Default gateway', '');
    await pane.answerLast('DNS servers', '');
    await pane.answerLast('Password for the root account', PASSWORD);
    await pane.answerLast('Type it again to confirm', PASSWORD);
    await pane.answerLast('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).toContain('  1) dhcp   2) static   3) none   4) (leave unset)');
    expect(screen).not.toContain(PASSWORD);
    const bytes = readFileSync(raw, 'latin1');
    expect(bytes).toContain('? Host name of the system');
    expect(bytes).not.toContain('\u001b');
    expect(bytes).not.toContain(PASSWORD);
    expect(read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection')).toMatch(/^address1=10\.1\.2\.3\/24$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), PASSWORD)).toBe(true);
  });

  it('offers the values of an OVF environment: Enter keeps them, an answer replaces one', async () => {
    const root = makeGuest('el9');
    const iso = makeIso({ 'ovf-env.xml': oracleEnvironment(oracleTemplateProperties(PASSWORD)) });
    const command = [join(BIN, 'ovm-template-config'), '--root', root, `--ovf-transport-iso=${iso}`, '--console-input', 'configure'];
    const pane = await TmuxPane.start(command, ENV);
    await pane.waitFor(/Values given before are offered: Enter keeps them/);
    await pane.waitFor(/^\? Host name of the system.*Enter keeps ovfvm\.example\.com/m);
    await pane.answer('Host name of the system', '');
    await pane.answer('Network interface name', '');
    await waitFlat(pane, /\? Bring the interface up at boot[^?]*Enter keeps yes\]/);
    await pane.answer('Bring the interface up at boot', '');
    await waitFlat(pane, /\? How the interface gets its address[^?]*Enter keeps static\]/);
    await pane.answer('How the interface gets its address', '');
    await pane.answer('Static IPv4 address', '192.0.2.45');
    await pane.answer('Netmask of the static address', '');
    await pane.answer('Default gateway', '');
    await pane.answer('DNS servers', '');
    // inquirer breaks a long prompt line itself, so the screen is read without its line breaks.
    await pane.waitUntil('the password question with its keep hint', (text) => text.replace(/\n/g, '').includes('[root-password, Enter keeps the one already given]'));
    await pane.answer('Password for the root account', '');
    await pane.answer('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).not.toContain(PASSWORD);
    expect(screen).not.toContain('Type it again');
    expect(read(root, 'etc/hostname')).toBe('ovfvm.example.com\n');
    const profile = read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection');
    expect(profile).toMatch(/^address1=192\.0\.2\.45\/24,192\.0\.2\.1$/m);
    expect(profile).toMatch(/^dns-search=example\.com;lab\.example\.com;$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), PASSWORD)).toBe(true);
    expect(read(root, 'var/log/ovm-template-config.log')).not.toContain(PASSWORD);
  });

  /** The first review screen of each driver's walk-through, compared below. */
  const reviews = new Map<string, string>();
  // The same dialog in both drivers: inquirer's prompts (xterm-256color) and the line driver
  // (vt220, a serial console). The text is the dialog's own, so the same expectations hold.
  it.each(['xterm-256color', 'vt220'])('TERM=%s: defaults taken with Enter, a choice typed by value, a follow-up that cannot be skipped, a refused set and a change on the review', async (term) => {
    const root = makeGuest('el9', { 'etc/hostname': 'tmpl.example.com\n' });
    const pane = await TmuxPane.start(['env', `TERM=${term}`, join(BIN, 'ovm-template-config'), '--root', root, '--console-input', 'configure'], ENV);
    const ask = (prompt: string, text: string) => (term === 'vt220' ? pane.answerLast(prompt, text) : pane.answer(prompt, text));
    await waitFlat(pane, /\? Host name of the system, e\.g\. vm1\.example\.com \[network\.hostname, Enter keeps tmpl\.example\.com \(current\)\]:/);
    await ask('Host name of the system', '');
    await ask('Network interface name', '');
    await pane.waitFor(/^ {2}1\) yes {3}2\) no {3}3\) \(leave unset\)$/m);
    await ask('Bring the interface up at boot', '');
    await waitFlat(pane, /\[network\.bootproto\.0, a number or a value, Enter keeps dhcp \(current\)\]:/);
    await ask('How the interface gets its address', 'static');
    await ask('Static IPv4 address', '');
    await waitFlat(pane, /! This one cannot be skipped: network\.ipaddr\.0 is required when network\.bootproto\.0 is static\./);
    await ask('Static IPv4 address', '192.0.2.61');
    await ask('Netmask of the static address', '255.255.255.0');
    await ask('Default gateway', '10.9.9.1');
    await ask('DNS servers', '');
    await ask('Password for the root account', PASSWORD);
    await ask('Type it again to confirm', PASSWORD);
    const review = await pane.waitFor(/^\? Apply these answers\? \[apply, quit, or the number of an answer to change\]:/m);
    expect(review).toMatch(/^ +1\) network\.hostname +tmpl\.example\.com$/m);
    expect(review).toMatch(/^ +2\) network\.device\.0 +eth0$/m);
    expect(review).toMatch(/^ +4\) network\.bootproto\.0 +static$/m);
    expect(review).toMatch(/^ +8\) network\.dns-servers\.0 +\(not set\)$/m);
    expect(review).toMatch(/^ +9\) root-password +\*{8} \(not shown\)$/m);
    reviews.set(term, /^Review the answers[^]*?^\? Apply these answers.*$/m.exec(review)![0].split('\n').map((l) => l.trimEnd()).join('\n'));
    await ask('Apply these answers', '1');
    await ask('Host name of the system', 'vm61.example.com');
    await ask('Apply these answers', 'apply');
    await pane.waitFor(/The modules refuse these answers \(1 reason\); nothing was changed:/);
    await waitFlat(pane, /! com\.oracle\.linux\.network\.gateway\.0: 10\.9\.9\.1 is not on the network 192\.0\.2\.61\/24/);
    expect(read(root, 'etc/hostname')).toBe('tmpl.example.com\n');
    await ask('Apply these answers', '7');
    await ask('Default gateway', '192.0.2.1');
    await ask('Apply these answers', 'apply');
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).toContain('8 answers taken; the modules accept them.');
    expect(screen).toMatch(/^ {2}running {2}50 network +\(4\/7\)$/m);
    expect(screen).toMatch(/^ {2}ok {7}50 network +\d+\.\d\d s$/m);
    expect(read(root, 'etc/hostname')).toBe('vm61.example.com\n');
    const profile = read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection');
    expect(profile).toMatch(/^method=manual$/m);
    expect(profile).toMatch(/^address1=192\.0\.2\.61\/24,192\.0\.2\.1$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), PASSWORD)).toBe(true);
    for (const text of [screen, read(root, 'var/log/ovm-template-config.log')]) expect(text).not.toContain('canary');
  });

  it('shows the review identically in both drivers', () => {
    expect(reviews.get('xterm-256color')).toBeDefined();
    expect(reviews.get('xterm-256color')).toBe(reviews.get('vt220'));
    expect(reviews.get('vt220')!.split('\n')).toHaveLength(11);
  });

  it('quit on the review runs nothing', async () => {
    const root = makeGuest('el9');
    const before = read(root, 'etc/hostname');
    const pane = await dialog(root);
    await pane.answer('Host name of the system', 'never2.example.com');
    await pane.answer('Network interface name', '');
    await pane.answer('Bring the interface up at boot', '');
    await pane.answer('How the interface gets its address', '');
    await typePassword(pane, PASSWORD, PASSWORD);
    await pane.answer('Apply these answers', 'quit');
    expect(await pane.exitStatus()).toBe(3);
    const screen = await pane.screen();
    expect(screen).toMatch(/--console-input: you quit at the review; nothing was run/);
    expect(screen).not.toContain('canary');
    expect(read(root, 'etc/hostname')).toBe(before);
  });

  it('ends on Ctrl-C with nothing run', async () => {
    const root = makeGuest('el9');
    const before = read(root, 'etc/hostname');
    const pane = await dialog(root);
    await pane.answer('Host name of the system', 'never.example.com');
    await pane.waitFor(/^\? Network interface name/m);
    await pane.keys('C-c');
    expect(await pane.exitStatus()).toBe(3);
    expect(await pane.screen()).toMatch(/--console-input: the dialog was interrupted \(Ctrl-C, or the terminal was closed\); nothing was run/);
    expect(read(root, 'etc/hostname')).toBe(before);
  });

  it('refuses clearly when there is no terminal, before asking anything', async () => {
    const root = makeGuest('el9');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(join(BIN, 'ovm-template-config'), ['--root', root, '--console-input', 'configure'], (error, stdout, stderr) =>
        resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, stdout, stderr }),
      );
      child.stdin?.end();
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/--console-input needs a terminal to ask its questions, but neither standard input nor standard output is a terminal; give the parameters with --stdin or --input FD instead/);
    expect(result.stdout).toBe('');
  });
});
