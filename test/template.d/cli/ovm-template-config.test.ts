// Black-box tests of the built ovm-template-config, running the fixture modules of
// test/fixtures/modules (Python modules on templateconfig, shell and node modules) in scratch roots.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { installedCommands } from '../helpers/installed-commands.js';
import { makeTemplateRoot, type ScratchRoot } from '../helpers/scratch-root.js';
import { runCommand } from '../helpers/run-command.js';
import { formatKvLines } from '../../../template.d/params/kv-lines.js';

const installed = installedCommands();
let scratch: ScratchRoot;
afterEach(() => scratch?.remove());

const SAT = 'com.oracle.linux.satellite.';
const satelliteParams = {
  [`${SAT}server`]: 'sat.example.com',
  [`${SAT}organization`]: 'Example Org',
  [`${SAT}activation-key`]: '1-example-key',
  [`${SAT}protocol`]: 'https',
};

function tpc(args: string[], stdin?: string, extra: { feed?: Record<number, string>; collect?: number[] } = {}) {
  return runCommand(installed.bin('ovm-template-config'), ['--root', scratch.root, ...args], { stdin, ...extra });
}

function read(inside: string): string {
  return readFileSync(scratch.path(inside), 'utf8');
}

describe('--enumerate', () => {
  it('lists every enabled module in priority order as JSON, Satellite-style descriptors included', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd', 'shellmod']);
    const result = await tpc(['--enumerate', 'configure']);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as [number, string, { key: string; required?: boolean; password?: boolean; hidden?: boolean }[]][];
    expect(list.map(([p, n, d]) => [p, n, d.length])).toEqual([[30, 'shellmod', 1], [60, 'motd', 0], [80, 'satellite', 20]]);
    const satellite = list[2]![2];
    expect(satellite.filter((d) => d.required).map((d) => d.key)).toContain(`${SAT}server`);
    expect(satellite.filter((d) => d.password).length).toBe(3);
    expect(satellite.filter((d) => d.hidden).length).toBeGreaterThan(5);
  });

  it('--human-readable prints a Python literal that ast.literal_eval reads back to the JSON structure', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd', 'shellmod']);
    const human = await tpc(['--human-readable', '--enumerate', 'configure']);
    const json = await tpc(['--enumerate', 'configure']);
    expect(human.code).toBe(0);
    expect(human.stdout.startsWith('[(30,\n')).toBe(true);
    const back = execFileSync('/usr/bin/python3', ['-c', 'import ast,json,sys; print(json.dumps([list(t) for t in ast.literal_eval(sys.stdin.read())]))'], {
      input: human.stdout,
      encoding: 'utf8',
    });
    expect(JSON.parse(back)).toEqual(JSON.parse(json.stdout));
  });

  it('--script restricts the list (options after the target too); a disabled module drops out', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd', 'shellmod']);
    const one = await tpc(['configure', '--enumerate', '--script', 'shellmod']);
    expect(JSON.parse(one.stdout).map((e: unknown[]) => e[1])).toEqual(['shellmod']);
    execFileSync(installed.bin('ovm-chkconfig'), ['--root', scratch.root, '--target=configure', 'satellite', 'off']);
    const after = await tpc(['-e', 'configure']);
    expect(JSON.parse(after.stdout).map((e: unknown[]) => e[1])).toEqual(['shellmod', 'motd']);
    const missing = await tpc(['-e', '-s', 'satellite', 'configure']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('module "satellite" is off for configure: turn it on with ovm-chkconfig --target=configure satellite on');
  });

  it('asks a module whose answer went missing once again, lists it, and says so on stderr', async () => {
    scratch = makeTemplateRoot(installed, ['hiccup']);
    const result = await tpc(['-e', 'configure']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('ovm-template-config: warning: module hiccup: --enumerate printed nothing (it exited with status 0); asked again, and its second answer was used\n');
    expect(JSON.parse(result.stdout)).toEqual([[36, 'hiccup', [{ key: 'com.example.hiccup.word', description: 'A word' }]]]);
  });

  it('reports a module whose descriptors break the schema, and still lists the others', async () => {
    scratch = makeTemplateRoot(installed, ['badenum', 'shellmod']);
    const result = await tpc(['-e', 'configure']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('module badenum: --enumerate printed an invalid descriptor list');
    expect(JSON.parse(result.stdout).map((e: unknown[]) => e[1])).toEqual(['shellmod']);
  });
});

describe('running a target', () => {
  it('runs the Satellite-style, minimal and shell modules in order and says so', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd', 'shellmod']);
    const result = await tpc(['--stdin', 'configure'], JSON.stringify(satelliteParams));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    // Each module says when it starts and how it ended, in run order.
    expect(lines.slice(1, 7).map((l) => l.trim().split(/\s+/).slice(0, 4))).toEqual([
      ['running', '30', 'shellmod', '(1/3)'],
      ['ok', '30', 'shellmod', expect.stringMatching(/^\d+\.\d\d$/)],
      ['running', '60', 'motd', '(2/3)'],
      ['ok', '60', 'motd', expect.stringMatching(/^\d+\.\d\d$/)],
      ['running', '80', 'satellite', '(3/3)'],
      ['ok', '80', 'satellite', expect.stringMatching(/^\d+\.\d\d$/)],
    ]);
    expect(lines[7]).toMatch(/^configure: all 3 modules succeeded in \d+\.\d\d s\.$/);
    expect(read('etc/sysconfig/rhn/bootstrap.properties')).toContain('server=sat.example.com\n');
    expect(statSync(scratch.path('etc/sysconfig/rhn/bootstrap.properties')).mode & 0o777).toBe(0o600);
    expect(lstatSync(scratch.path('etc/systemd/system/multi-user.target.wants/rhn-bootstrap.service')).isSymbolicLink()).toBe(true);
    expect(read('etc/motd')).toContain('Welcome');
    expect(read('var/lib/shellmod.log')).toBe('shellmod ran for configure\n');
    const log = read('var/log/ovm-template-config.log');
    expect(statSync(scratch.path('var/log/ovm-template-config.log')).mode & 0o777).toBe(0o640);
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z configure 30shellmod: shellmod: writing its marker$/m);
  });

  it('cleanup runs the cleanup handlers: motd emptied, properties removed', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd']);
    expect((await tpc(['--stdin', 'configure'], JSON.stringify(satelliteParams))).code).toBe(0);
    const result = await tpc(['cleanup']);
    expect(result.code, result.stdout).toBe(0);
    expect(read('etc/motd')).toBe('');
    expect(existsSync(scratch.path('etc/sysconfig/rhn/bootstrap.properties'))).toBe(false);
  });

  it('feeds a key added by one module to the next, and --json reports it', async () => {
    scratch = makeTemplateRoot(installed, ['producer', 'shellmod', 'consumer']);
    const result = await tpc(['--json', '--stdin', 'configure'], '{"com.example.input": "x"}');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.status).toBe('ok');
    expect(report.modules.map((m: { name: string }) => m.name)).toEqual(['producer', 'shellmod', 'consumer']);
    expect(JSON.parse(read('consumer-saw.json'))['com.example.chain.token']).toBe('made-by-producer');
    expect(report.changedKeys).toEqual(['com.example.chain.seen', 'com.example.chain.token', 'com.example.shell.done']);
    expect(report.params['com.example.input']).toBe('x');
  });

  it('a failing module is reported and skipped over: the rest still run on the last good set', async () => {
    scratch = makeTemplateRoot(installed, ['echo', 'refuse', 'badjson', 'consumer']);
    const result = await tpc(['--json', 'configure']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const byName = Object.fromEntries(report.modules.map((m: { name: string }) => [m.name, m]));
    expect(byName.echo.status).toBe('ok');
    expect(byName.refuse).toMatchObject({ status: 'failed', exitCode: 2, error: 'exited with status 2: com.example.refuse.value: this module refuses every value' });
    expect(byName.badjson).toMatchObject({ status: 'failed', exitCode: 0, error: 'printed something that is not JSON on stdout' });
    expect(byName.consumer.status).toBe('ok');
    expect(JSON.parse(read('consumer-saw.json'))).toEqual({});
    const human = await tpc(['configure']);
    expect(human.stdout).toMatch(/configure: 2 of 4 modules did not succeed \(refuse failed, badjson failed\)/);
    expect(human.stdout).toContain('ovm-template-config.log');
  });

  it('kills a module that exceeds --timeout, with its children, and runs the next one', async () => {
    scratch = makeTemplateRoot(installed, ['sleeper', 'consumer']);
    const result = await tpc(['--json', '--timeout', '2', 'configure']);
    expect(result.code).toBe(1);
    const [sleeper, consumer] = JSON.parse(result.stdout).modules;
    expect(sleeper).toMatchObject({ name: 'sleeper', status: 'timeout', exitCode: null });
    expect(sleeper.error).toContain('time limit');
    expect(consumer.status).toBe('ok');
    // Gone, or dead and waiting to be reaped by init (state Z): either way no longer running.
    for (const file of ['sleeper.pid', 'sleeper-child.pid']) {
      const stat = `/proc/${Number(read(file))}/stat`;
      const state = existsSync(stat) ? readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0] : 'gone';
      expect(['gone', 'Z', 'X'], file).toContain(state);
    }
  });
});

describe('--dry-run', () => {
  it('shows the plan of modules that support it, lists the others as "no plan" and changes nothing', async () => {
    scratch = makeTemplateRoot(installed, ['echo', 'motd', 'shellmod']);
    const result = await tpc(['--dry-run', '--stdin', 'configure'], '{"com.example.echo.word": "hello"}');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/planned\s+10 echo/);
    expect(result.stdout).toContain('write /etc/echo (mode 0644)');
    expect(result.stdout).toContain('+hello');
    expect(result.stdout).toContain('run true (skipped: not the running system)');
    expect(result.stdout).toMatch(/no plan\s+30 shellmod/);
    expect(result.stdout).toMatch(/no plan\s+60 motd/);
    expect(result.stdout).toContain('Nothing was changed.');
    for (const f of ['etc/motd', 'var/lib/shellmod.log', 'var/log/ovm-template-config.log', 'etc/echo']) expect(existsSync(scratch.path(f)), f).toBe(false);
    // Only a module that is really started is announced as running.
    expect(result.stdout).toMatch(/running\s+10 echo/);
    expect(result.stdout).not.toMatch(/running\s+\d+ (motd|shellmod)/);
  });
});

describe('why nothing ran', () => {
  it('--script names a missing module (and lists the installed ones) or a target its header lacks', async () => {
    scratch = makeTemplateRoot(installed, ['motd', 'satellite']);
    const missing = await tpc(['-e', '-s', 'nosuch', 'configure']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain(`there is no module "nosuch" in ${scratch.root}/etc/template.d/scripts (installed: motd, satellite)`);
    expect(missing.stderr).not.toContain('--add');
    const undeclared = await tpc(['-s', 'motd', 'migrate']);
    expect(undeclared.code).toBe(4);
    expect(undeclared.stderr).toContain('module "motd" declares no migrate target in its header (it declares: configure, cleanup)');
  });

  it('a refused set prints no "Running" line, and with no input at all names the input options', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd']);
    const bare = await tpc(['configure']);
    expect(bare.code).toBe(3);
    expect(bare.stdout).not.toMatch(/Running|running/);
    expect(bare.stdout).toContain('no module was run');
    expect(bare.stdout).toContain('No parameters were given: pass them with --stdin, --input FD, --console-input or --ovf-transport-iso.');
    const given = await tpc(['--stdin', 'configure'], '{}');
    expect(given.code).toBe(3);
    expect(given.stdout).not.toContain('No parameters were given');
  });

  it('--enumerate warns that it ignores --stdin (and other run-only options) and still lists', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    const result = await tpc(['--enumerate', '--stdin', '--dry-run', 'configure'], '{"a": "b"}');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: --stdin, --dry-run ignored: --enumerate only lists the parameters');
    expect(JSON.parse(result.stdout)).toEqual([[60, 'motd', []]]);
  });

  it('as a non-root user on a root it cannot read, says permission denied and to run as root', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    chmodSync(installed.dir, 0o755);
    const args = ['--reuid=65534', '--regid=65534', '--clear-groups', installed.bin('ovm-template-config'), '--root', scratch.root, '--dry-run', 'configure'];
    const result = await runCommand('setpriv', args);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `ovm-template-config: permission denied: cannot read ${scratch.root}/etc/template.d; run as root; nothing was run\n`,
    );
  });

  it('refuses a real run by a non-root user up front, in one line, whatever the root', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    chmodSync(installed.dir, 0o755);
    chmodSync(scratch.root, 0o755);
    const args = ['--reuid=65534', '--regid=65534', '--clear-groups', installed.bin('ovm-template-config'), '--root', scratch.root, '--stdin', 'configure'];
    const result = await runCommand('setpriv', args, { stdin: '{}' });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      'ovm-template-config: configure changes the system, so it must run as root (this is uid 65534); to see what it would do, use --dry-run or --check; nothing was run\n',
    );
    expect(result.stdout).toBe('');
  });
});

describe('parameter input and validation', () => {
  it('refuses an incomplete or invalid set before anything runs, naming key and module', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd', 'echo']);
    const params = { ...satelliteParams, [`${SAT}protocol`]: 'gopher', 'com.example.echo.word': 'hello' };
    delete (params as Record<string, string>)[`${SAT}server`];
    const result = await tpc(['--stdin', 'configure'], JSON.stringify(params));
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`${SAT}server: required but not set (module "satellite")`);
    expect(result.stdout).toContain(`${SAT}protocol: "gopher" is not allowed (choose one of: https, http) (module "satellite")`);
    expect(result.stdout).toContain('no module was run');
    for (const f of ['etc/motd', 'etc/sysconfig']) expect(existsSync(scratch.path(f)), f).toBe(false);
    // The refusal is in the run log, one line per reason.
    expect(readFileSync(scratch.path('var/log/ovm-template-config.log'), 'utf8')).toMatch(/run refused[^\n]*\n.*satellite: refused: [^\n]*\n.*satellite: refused: /);
  });

  it('reads --input FD and writes the resulting set, without password keys, to --output FD', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'producer']);
    const result = await tpc(['--input', '3', '--output', '4', 'configure'], undefined, { feed: { 3: JSON.stringify(satelliteParams) }, collect: [4] });
    expect(result.code, result.stdout).toBe(0);
    const out = JSON.parse(result.fds[4]!);
    expect(out['com.example.chain.token']).toBe('made-by-producer');
    expect(out[`${SAT}registered`]).toBe('True');
    expect(out[`${SAT}server`]).toBe('sat.example.com');
    expect(out).not.toHaveProperty(`${SAT}activation-key`);
  });

  it('accepts the key=value lines of ovmd -l: a multi-line SSH key arrives intact', async () => {
    scratch = makeTemplateRoot(installed, ['consumer']);
    // (A public key: a private-key key is secret by its name, so only a module declaring it gets it.)
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 a@b\nssh-rsa AAAA\\slash c@d\n';
    const params = { 'com.oracle.linux.ssh.authorized-keys.0': key, 'com.oracle.linux.ssh.user.0': 'oracle' };
    const result = await tpc(['--stdin', 'configure'], formatKvLines(params));
    expect(result.code).toBe(0);
    expect(JSON.parse(read('consumer-saw.json'))).toEqual(params);
  });

  it('says what to do about bad input and bad command lines', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    const bad = await tpc(['--stdin', 'configure'], 'not a parameter line');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('stdin: line 1: expected key=value');
    expect((await tpc([])).stderr).toContain('missing the target');
    expect((await tpc(['configure', 'cleanup'])).code).toBe(2);
    const spaced = await tpc(['--ovf-transport-iso', '/dev/sr0', 'configure']);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toContain('write --ovf-transport-iso=/dev/sr0');
    expect((await tpc(['bogus'])).stderr).toContain('unknown target "bogus"');
    expect((await tpc(['--timeout', '0', 'configure'])).code).toBe(2);
    const noFarm = await runCommand(installed.bin('ovm-template-config'), ['--root', '/nonexistent-root', 'configure']);
    expect(noFarm.code).toBe(4);
    expect(noFarm.stderr).toContain('check --root');
  });
});
