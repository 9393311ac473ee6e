// `ovm-template-config --ovf-transport-iso` end to end: an ISO built here with xorriso, holding
// the OVF environment with the property set of Oracle's template, configures a scratch el9 root
// through the real built command and module bundles; a missing or malformed file is a clear
// error and changes nothing.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRoots, snapshotTree } from '../../helpers/roots.js';
import { BIN, ensureDist, makeGuest, rootPasswordIs } from '../console/guest.js';
import { runCommand } from '../helpers/run-command.js';
import { installScript } from '../helpers/scratch-root.js';
import { cleanupIsos, makeIso, oracleEnvironment, oracleTemplateProperties, scratchDir } from './iso-fixture.js';

const PASSWORD = 'ovf-Canary-pw-5521';

beforeAll(() => ensureDist(), 240_000);
afterAll(() => {
  cleanupIsos();
  cleanupRoots();
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(join(BIN, 'ovm-template-config'), args, { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** A root with only the leaky fixture, which prints the activation key it is given and fails. */
function leakyRoot(): string {
  const root = scratchDir('ovm-ovf-root-');
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  installScript(root, 'leaky');
  execFileSync(join(BIN, 'ovm-chkconfig'), ['--root', root, '--add', 'leaky'], { stdio: 'pipe' });
  return root;
}

describe('ovm-template-config --ovf-transport-iso', { timeout: 180_000 }, () => {
  it('configures the guest from the OVF environment of Oracle\'s template', async () => {
    const root = makeGuest('el9');
    const iso = makeIso({ 'ovf-env.xml': oracleEnvironment(oracleTemplateProperties(PASSWORD), ['root-password']) });
    const result = await run(['--root', root, `--ovf-transport-iso=${iso}`, 'configure']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(read(root, 'etc/hostname')).toBe('ovfvm.example.com\n');
    const profile = read(root, 'etc/NetworkManager/system-connections/eth0.nmconnection');
    expect(profile).toMatch(/^address1=192\.0\.2\.44\/24,192\.0\.2\.1$/m);
    expect(profile).toMatch(/^dns=192\.0\.2\.53;192\.0\.2\.54;$/m);
    expect(profile).toMatch(/^dns-search=example\.com;lab\.example\.com;$/m);
    expect(rootPasswordIs(read(root, 'etc/shadow'), PASSWORD)).toBe(true);
    for (const text of [result.stdout, result.stderr, read(root, 'var/log/ovm-template-config.log')]) expect(text).not.toContain(PASSWORD);
  });

  it('keeps a property flagged ovf:password secret even when no module declares it a password', async () => {
    const root = makeGuest('el9');
    const TOKEN = 'ovf-Token-canary-8830';
    const props = { ...oracleTemplateProperties(PASSWORD), 'app.api-token': TOKEN };
    const iso = makeIso({ 'ovf-env.xml': oracleEnvironment(props, ['root-password', 'app.api-token']) });
    const result = await run(['--root', root, `--ovf-transport-iso=${iso}`, '--json', 'configure']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { secretKeys: string[]; params: Record<string, string> };
    expect(report.secretKeys).toContain('com.oracle.linux.app.api-token');
    expect(report.params['com.oracle.linux.app.api-token']).not.toBe(TOKEN);
    for (const text of [result.stdout, result.stderr, read(root, 'var/log/ovm-template-config.log')]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('masks a flagged property that only a careless module sees, in the log and both reports; no extra module appears', async () => {
    const root = leakyRoot();
    const KEY = 'com.oracle.linux.satellite.activation-key';
    const TOKEN = 'ovf-Leaked-canary-4417';
    const env = oracleEnvironment({ 'network.hostname': 'leaky.example.com', 'satellite.activation-key': TOKEN }, ['satellite.activation-key']);
    const iso = makeIso({ 'ovf-env.xml': env });
    const bin = join(BIN, 'ovm-template-config');
    const human = await runCommand(bin, ['--root', root, `--ovf-transport-iso=${iso}`, 'configure']);
    expect(human.code, human.stderr).toBe(1); // leaky fails on purpose
    expect(human.stdout).toContain(`Running configure on ${root}, 1 module: leaky\n`);
    const json = await runCommand(bin, ['--root', root, `--ovf-transport-iso=${iso}`, '--json', '--output', '4', 'configure'], { collect: [4] });
    const report = JSON.parse(json.stdout) as { secretKeys: string[]; params: Record<string, string>; modules: { name: string; error?: string }[] };
    expect(report.modules.map((m) => [m.name, m.error])).toEqual([['leaky', 'exited with status 1: RuntimeError: could not use key ********']]);
    expect(report.secretKeys).toEqual(['com.example.leaky.secret', KEY]);
    expect(report.params[KEY]).toBe('********');
    expect(JSON.parse(json.fds[4]!)).toEqual({ 'com.oracle.linux.network.hostname': 'leaky.example.com' });
    const log = read(root, 'var/log/ovm-template-config.log');
    expect(log).toContain('leaky: the activation key is ********');
    for (const text of [human.stdout, human.stderr, json.stdout, json.stderr, json.fds[4]!, log]) expect(text).not.toContain(TOKEN);
  });

  it('refuses an image without ovf-env.xml, or with a malformed one, and changes nothing', async () => {
    const root = makeGuest('el9');
    const before = snapshotTree(root);
    const empty = await run(['--root', root, `--ovf-transport-iso=${makeIso({ 'README.txt': 'no environment here' })}`, 'configure']);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/--ovf-transport-iso: .*env\.iso has no ovf-env\.xml in its top directory; nothing was run/);
    const broken = makeIso({ 'ovf-env.xml': '<Environment><ProductSection ovf:class="com.oracle.linux">' });
    const bad = await run(['--root', root, `--ovf-transport-iso=${broken}`, 'configure']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain(`--ovf-transport-iso: the ovf-env.xml in ${broken} is not well-formed XML (line`);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('refuses a value that a module would refuse, naming the key, before anything runs', async () => {
    const root = makeGuest('el9');
    // The run log is the one file a refused run writes: it records the refusal.
    const notLog = (path: string) => path === '/var/log/ovm-template-config.log';
    const before = snapshotTree(root, notLog);
    const props = { ...oracleTemplateProperties(PASSWORD), 'network.ipaddr.0': '192.0.2.444' };
    const result = await run(['--root', root, `--ovf-transport-iso=${makeIso({ 'ovf-env.xml': oracleEnvironment(props) })}`, 'configure']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/com\.oracle\.linux\.network\.ipaddr\.0: "192\.0\.2\.444" is not an IPv4 address/);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(snapshotTree(root, notLog)).toEqual(before);
    const log = read(root, 'var/log/ovm-template-config.log');
    expect(log).toMatch(/com\.oracle\.linux\.network\.ipaddr\.0/);
    expect(log).not.toContain(PASSWORD);
  });

  it('searches the attached devices when no path is given, and says what it looked at', async () => {
    const root = makeGuest('el9');
    const result = await run(['--root', root, '--ovf-transport-iso', 'configure']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/--ovf-transport-iso: no attached ISO with an ovf-env\.xml was found .*--ovf-transport-iso=PATH/);
  });
});
