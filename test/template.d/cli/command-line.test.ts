// The four commands as a new user meets them: the same sentence for the same mistake whichever
// command it is, never the parser's own phrases, and --stdin on a terminal saying what it waits
// for (run under tmux). Built bundles from dist/bin; `make test` builds first.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/run-command.js';

const top = resolve(import.meta.dirname, '../../..');
const COMMANDS = ['ovmd', 'ovm-vmmessage', 'ovm-template-config', 'ovm-chkconfig'] as const;
const run = (command: string, args: string[]) => runCommand(process.execPath, [join(top, 'dist/bin', command), ...args]);

/** A valued option with a short letter in each command, and its placeholder. */
const SHORT_VALUED: Record<(typeof COMMANDS)[number], [string, string, string]> = {
  ovmd: ['-s', '--script', 'TARGET'],
  'ovm-vmmessage': ['-q', '--query', 'KEY'],
  'ovm-template-config': ['-s', '--script', 'NAME'],
  'ovm-chkconfig': ['--add', '--add', 'NAME'],
};

describe.each(COMMANDS)('%s', (command) => {
  it('an unknown option: one style, named as typed, exit 2, nothing on stdout', async () => {
    const r = await run(command, ['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${command}: unknown option: --bogus\nTry '${command} --help' for more information.\n`);
  });

  it('a missing value names the option and its placeholder, not "Not enough arguments following"', async () => {
    const [typed, long, metavar] = SHORT_VALUED[command];
    const short = await run(command, [typed]);
    expect(short.code).toBe(2);
    expect(short.stderr.split('\n')[0]).toBe(`${command}: ${typed} needs a value: ${typed === long ? `${long}=${metavar}` : `${typed} ${metavar}`}`);
    const longForm = await run(command, [long]);
    expect(longForm.stderr.split('\n')[0]).toBe(`${command}: ${long} needs a value: ${long}=${metavar}`);
    expect(short.stderr + longForm.stderr).not.toMatch(/Not enough|Unknown argument/);
  });

  it('--help is ours: -x, --long=PLACEHOLDER tags, no stock yargs phrases; a typo is answered with the near option', async () => {
    const help = await run(command, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: /);
    expect(help.stdout).not.toMatch(/Show version number|Show help|\[(boolean|string|number|array)\]/);
    expect(help.stdout).toMatch(/^ {2}(-\w, |\s{4})--[\w-]+=[A-Z]/m);
    const typo = await run(command, ['--versoin']);
    expect(typo.stderr.split('\n')[0]).toBe(`${command}: unknown option: --versoin (did you mean --version?)`);
  });
});

describe('ovm-template-config --stdin on a terminal', () => {
  const work = mkdtempSync(join(tmpdir(), 'ovm-stdin-tty-'));
  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', session]);
    rmSync(work, { recursive: true, force: true });
  });
  const session = `ovm-stdin-${process.pid}`;

  it('says on stderr what it reads and how to end, then reads what is typed until Ctrl-D', async () => {
    mkdirSync(join(work, 'root/etc/template.d/scripts'), { recursive: true });
    const out = join(work, 'out');
    const cmd = `${process.execPath} ${join(top, 'dist/bin/ovm-template-config')} --dry-run --stdin --root ${join(work, 'root')} configure >${out} 2>&1; echo "EXIT=$?" >>${out}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '150', '-y', '20', cmd]);
    const screen = () => spawnSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' }).stdout;
    const waitFor = async (what: () => boolean) => {
      for (let i = 0; i < 100 && !what(); i++) await new Promise((r) => setTimeout(r, 100));
    };
    // The note goes to stderr, which is the file here, not the screen: read it there.
    const text = () => { try { return readFileSync(out, 'utf8'); } catch { return ''; } };
    await waitFor(() => text().includes('Ctrl-D'));
    expect(text()).toMatch(/--stdin reads the parameter set from this terminal: type key=value lines .*Ctrl-D/);
    execFileSync('tmux', ['send-keys', '-t', session, 'com.example.a=1', 'Enter']);
    execFileSync('tmux', ['send-keys', '-t', session, 'C-d']);
    await waitFor(() => text().includes('EXIT='));
    expect(text()).toContain('EXIT=0');
    expect(text()).toContain('Dry run of configure');
    expect(screen()).toContain('com.example.a=1');
  });
});

describe('a switch given a value', () => {
  it.each(COMMANDS)('%s: a switch written with =VALUE is refused (yargs would read --dry-run=yes as false)', async (command) => {
    const option = { ovmd: '--json', 'ovm-vmmessage': '--json', 'ovm-template-config': '--dry-run', 'ovm-chkconfig': '--version' }[command];
    const r = await run(command, [`${option}=yes`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${command}: ${option} is a switch and takes no value (got "${option}=yes"): write ${option} alone`);
  });
});
