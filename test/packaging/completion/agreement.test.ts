// One declaration per command (packaging/man/sources.ts) makes its parser, its --help, its man
// page and its bash completion. Here the three texts a user sees are read back from the built
// command, the rendered page and the generated completion file, and must name the same options;
// then the completion files are sourced in a real bash and asked what they offer.
// Needs `make build` (dist/bin); `make test` builds first.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionName } from '../../../packaging/completion/render-bash.js';
import { loadSpecs } from '../../../packaging/man/sources.js';
import { COMMANDS } from '../../../packaging/spec/tarball.js';
import type { CommandSpec } from '../../../template.d/options/command-spec.js';
import { TARGETS } from '../../../template.d/params/descriptor.js';

const top = resolve(import.meta.dirname, '../../..');
let work: string;
let specs: CommandSpec[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ovm-completion-'));
  for (const script of ['man', 'completion']) {
    execFileSync('npx', ['--no-install', 'tsx', `scripts/${script}.ts`, '--out', join(work, script)], { cwd: top, stdio: 'pipe' });
  }
  specs = (await loadSpecs(top)).loaded.map((l) => l.spec);
  // A root with three modules, for completing module names under --root.
  mkdirSync(join(work, 'root/etc/template.d/scripts'), { recursive: true });
  for (const m of ['network', 'ssh', 'system']) writeFileSync(join(work, 'root/etc/template.d/scripts', m), '');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `-x` and `--long` words in the option column of --help (lines starting with blanks then a dash). */
function helpOptions(command: string): string[] {
  const help = execFileSync(process.execPath, [join(top, 'dist/bin', command), '--help'], { encoding: 'utf8' });
  const block = help.slice(help.indexOf('\nOptions:\n'), help.indexOf('\n\n', help.indexOf('\nOptions:\n') + 1));
  return [...block.matchAll(/^ {2}(?:(-\w), | {4})(--[\w-]+)/gm)].flatMap((m) => [m[2]!, ...(m[1] ? [m[1]] : [])]).sort();
}

/** The option words on the tag lines of the rendered man page's OPTIONS section. */
function manOptions(command: string): string[] {
  const r = spawnSync('man', ['-l', join(work, 'man', `${command}.8`)], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '200', MANPAGER: 'cat', LANG: 'C.UTF-8' } });
  const lines = r.stdout.split('\n');
  const from = lines.indexOf('OPTIONS');
  const to = lines.findIndex((l, i) => i > from && /^[A-Z]/.test(l));
  return lines.slice(from + 1, to).filter((l) => /^ {7}-/.test(l))
    .flatMap((l) => [...l.trim().matchAll(/(?:^|, )(--?[\w-]+)/g)].map((m) => m[1]!)).sort();
}

/** What the generated completion offers for the words given (the last one being completed). */
function complete(command: string, words: string[]): string[] {
  const script = [
    `source ${JSON.stringify(join(work, 'completion', command))}`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    'COMP_CWORD=$((${#COMP_WORDS[@]} - 1))',
    `${functionName(command)}`,
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean).sort();
}

function declared(spec: CommandSpec): string[] {
  return spec.options.flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]).sort();
}

describe('one declaration per command', () => {
  it('covers the four commands', () => {
    expect(specs.map((s) => s.name).sort()).toEqual([...COMMANDS].sort());
  });

  it.each([...COMMANDS])('%s: --help, the man page and the completion offer exactly the declared options', (command) => {
    const spec = specs.find((s) => s.name === command)!;
    const want = declared(spec);
    expect(want).toContain('--help');
    expect(want).toContain('--version');
    expect(helpOptions(command)).toEqual(want);
    expect(manOptions(command)).toEqual(want);
    expect(complete(command, [command, '-'])).toEqual(want);
  });

  it.each([...COMMANDS])('%s: the completion file passes bash -n and registers its function', (command) => {
    const r = spawnSync('bash', ['--norc', '-c', `source ${join(work, 'completion', command)} && complete -p ${command}`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`complete -F ${functionName(command)} ${command}`);
  });
});

describe('bash completion, sourced and run', () => {
  it('ovm-template-config: options by prefix, the target as operand, module names for -s from --root', () => {
    expect(complete('ovm-template-config', ['ovm-template-config', '--dr'])).toEqual(['--dry-run']);
    expect(complete('ovm-template-config', ['ovm-template-config', '--stdin', 'c'])).toEqual(['cleanup', 'configure']);
    expect(complete('ovm-template-config', ['ovm-template-config', '--root', join(work, 'root'), '-s', 's'])).toEqual(['ssh', 'system']);
    // bash splits --root=DIR at "=" into three words.
    expect(complete('ovm-template-config', ['ovm-template-config', '--root', '=', join(work, 'root'), '--script', '=', 'n'])).toEqual(['network']);
    // A target already given: nothing more to offer.
    expect(complete('ovm-template-config', ['ovm-template-config', 'configure', ''])).toEqual([]);
    // --ovf-transport-iso alone takes no value: the next word is still the target.
    expect(complete('ovm-template-config', ['ovm-template-config', '--ovf-transport-iso', 'cl'])).toEqual(['cleanup']);
  });

  it('ovm-chkconfig: the target list after its last comma, then a module, then on or off', () => {
    expect(complete('ovm-chkconfig', ['ovm-chkconfig', '--target', '=', 'configure,cl'])).toEqual(['configure,cleanup']);
    expect(complete('ovm-chkconfig', ['ovm-chkconfig', '--root', join(work, 'root'), '--target', 'configure', ''])).toEqual(['network', 'ssh', 'system']);
    expect(complete('ovm-chkconfig', ['ovm-chkconfig', '--root', join(work, 'root'), '--target', 'configure', 'network', 'o'])).toEqual(['off', 'on']);
    expect(complete('ovm-chkconfig', ['ovm-chkconfig', '--root', join(work, 'root'), '--del', 'ne'])).toEqual(['network']);
  });

  it('ovmd: targets for -s and -e, the levels for -d, nothing invented for a KEY', () => {
    expect(complete('ovmd', ['ovmd', '-s', ''])).toEqual([...TARGETS].sort());
    expect(complete('ovmd', ['ovmd', '--event', 'res'])).toEqual(['resume']);
    expect(complete('ovmd', ['ovmd', '-d', ''])).toEqual(['0', '1', '2']);
    expect(complete('ovmd', ['ovmd', '-g', ''])).toEqual([]);
  });

  it('ovm-vmmessage: files for --file, options by prefix', () => {
    writeFileSync(join(work, 'batch.txt'), 'a=b\n');
    expect(complete('ovm-vmmessage', ['ovm-vmmessage', '--file', join(work, 'batch.')])).toEqual([join(work, 'batch.txt')]);
    expect(complete('ovm-vmmessage', ['ovm-vmmessage', '--fo'])).toEqual(['--follow']);
  });
});
