// The zsh completion files (packaging/completion/render-zsh.ts) loaded by a real interactive zsh
// through compinit and asked, as a user's Tab would, what they offer: every declared option with
// the first sentence of its description, and the same values as the bash files (targets, module
// names under --root, on/off, files, fixed words, nothing for free text). The typing is done on
// a pseudo-terminal by test/packaging/helpers/zsh-capture.zsh; zsh comes from scripts/setup-deps.sh.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionSpecs, shortDescription, zshFileName } from '../../../packaging/completion/render-zsh.js';
import { loadSpecs } from '../../../packaging/man/sources.js';
import { COMMANDS } from '../../../packaging/spec/tarball.js';
import type { CommandSpec } from '../../../template.d/options/command-spec.js';
import { TARGETS } from '../../../template.d/params/descriptor.js';

const top = resolve(import.meta.dirname, '../../..');
const capture = join(top, 'test/packaging/helpers/zsh-capture.zsh');
let work: string;
let specs: CommandSpec[];
/** What zsh offered for each typed line: the words, and the display strings (option -- description). */
let offered: Map<string, { matches: string[]; shown: string[] }>;

const root = () => join(work, 'root');
const batch = () => join(work, 'batch.');

/** The lines typed before Tab; all are typed in one zsh session. */
function lines(): string[] {
  const perOption = specs.flatMap((s) => [`${s.name} -`, ...s.options.map((o) => `${s.name} --${o.name}`)]);
  return [
    ...perOption,
    'ovm-template-config --dr',
    'ovm-template-config --stdin c',
    `ovm-template-config --root ${root()} -s s`,
    `ovm-template-config --root=${root()} --script=n`,
    'ovm-template-config --ovf-transport-iso cl',
    `ovm-template-config --ovf-transport-iso=${batch()}`,
    `ovm-template-config --root ${root()} -s network -`,
    'ovm-chkconfig --target=configure,cl',
    `ovm-chkconfig --root ${root()} --target configure `,
    `ovm-chkconfig --root ${root()} --target configure network o`,
    `ovm-chkconfig --root ${root()} --del ne`,
    'ovmd -s ',
    'ovmd --event res',
    'ovmd -d ',
    'ovmd -g ',
    `ovm-vmmessage --file ${batch()}`,
    'ovm-vmmessage --fo',
  ];
}

/** Parses the capture file: "@@ line", then "M word" and "D display" lines, then "@@end". */
function parse(text: string): Map<string, { matches: string[]; shown: string[] }> {
  const result = new Map<string, { matches: string[]; shown: string[] }>();
  let current: { matches: string[]; shown: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (line === '@@end') current = undefined;
    else if (line.startsWith('@@ ')) result.set(line.slice(3), (current = { matches: [], shown: [] }));
    else if (current && line.startsWith('M ')) current.matches.push(line.slice(2));
    else if (current && line.startsWith('D ')) current.shown.push(line.slice(2).trimEnd());
  }
  return result;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ovm-zsh-completion-'));
  execFileSync('npx', ['--no-install', 'tsx', 'scripts/completion.ts', '--out', join(work, 'completion')], { cwd: top, stdio: 'pipe' });
  specs = (await loadSpecs(top)).loaded.map((l) => l.spec);
  mkdirSync(join(root(), 'etc/template.d/scripts'), { recursive: true });
  for (const m of ['network', 'ssh', 'system']) writeFileSync(join(root(), 'etc/template.d/scripts', m), '');
  writeFileSync(join(work, 'batch.txt'), 'a=b\n');
  const out = join(work, 'offered.txt');
  const typed = lines();
  const r = spawnSync('zsh', ['-f', capture, join(work, 'completion/zsh'), out, ...typed], { cwd: work, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`zsh could not run (scripts/setup-deps.sh installs it): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`the zsh capture failed (${r.status ?? r.signal}): ${r.stderr}`);
  offered = parse(readFileSync(out, 'utf8'));
  const lost = typed.filter((l) => !offered.has(l));
  if (lost.length) throw new Error(`zsh recorded no completion for: ${lost.join(' | ')}`);
}, 90_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const matches = (line: string) => [...offered.get(line)!.matches].sort();

function declared(spec: CommandSpec): string[] {
  return spec.options.flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]).sort();
}

describe('zsh completion files', () => {
  it('one per command, each a #compdef file that zsh -n parses', () => {
    expect(specs.map((s) => s.name).sort()).toEqual([...COMMANDS].sort());
    for (const command of COMMANDS) {
      const file = join(work, 'completion/zsh', zshFileName(command));
      expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(`#compdef ${command}`);
      const r = spawnSync('zsh', ['-f', '-n', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it.each([...COMMANDS])('%s: "-" then Tab offers exactly the declared options', (command) => {
    const spec = specs.find((s) => s.name === command)!;
    expect(matches(`${command} -`)).toEqual(declared(spec));
  });

  it.each([...COMMANDS])('%s: each long option is listed with the first sentence of its description', (command) => {
    const spec = specs.find((s) => s.name === command)!;
    expect(spec.options.length).toBeGreaterThan(1);
    for (const o of spec.options) {
      const { matches: words, shown } = offered.get(`${command} --${o.name}`)!;
      expect(words, o.name).toContain(`--${o.name}`);
      const line = shown.find((s) => s.startsWith(`--${o.name} `));
      expect(line, `--${o.name}: ${shown.join(' | ')}`).toMatch(/ -- /);
      expect(line!.slice(line!.indexOf(' -- ') + 4)).toBe(shortDescription(o.describe));
    }
  });
});

describe('zsh completion, typed in a real zsh', () => {
  it('ovm-template-config: options by prefix, the target operand, module names from --root, a repeatable -s', () => {
    expect(matches('ovm-template-config --dr')).toEqual(['--dry-run']);
    expect(matches('ovm-template-config --stdin c')).toEqual(['cleanup', 'configure']);
    expect(matches(`ovm-template-config --root ${root()} -s s`)).toEqual(['ssh', 'system']);
    expect(matches(`ovm-template-config --root=${root()} --script=n`)).toEqual(['--script=network']);
    // The bare --ovf-transport-iso takes no value: the next word is the target; after "=" a path.
    expect(matches('ovm-template-config --ovf-transport-iso cl')).toEqual(['cleanup']);
    expect(matches(`ovm-template-config --ovf-transport-iso=${batch()}`)).toEqual([`--ovf-transport-iso=${batch()}txt`]);
    // -s may be given again; --root, given once, is not offered a second time.
    const again = matches(`ovm-template-config --root ${root()} -s network -`);
    expect(again).toContain('-s');
    expect(again).toContain('--script');
    expect(again).not.toContain('--root');
  });

  it('ovm-chkconfig: the target list after its last comma, then a module, then on or off', () => {
    expect(matches('ovm-chkconfig --target=configure,cl')).toEqual(['--target=configure,cleanup']);
    expect(matches(`ovm-chkconfig --root ${root()} --target configure `)).toEqual(['network', 'ssh', 'system']);
    expect(matches(`ovm-chkconfig --root ${root()} --target configure network o`)).toEqual(['off', 'on']);
    expect(matches(`ovm-chkconfig --root ${root()} --del ne`)).toEqual(['network']);
  });

  it('ovmd: targets for -s and -e, the levels for -d, nothing invented for a KEY', () => {
    expect(matches('ovmd -s ')).toEqual([...TARGETS].sort());
    expect(matches('ovmd --event res')).toEqual(['resume']);
    expect(matches('ovmd -d ')).toEqual(['0', '1', '2']);
    expect(matches('ovmd -g ')).toEqual([]);
  });

  it('ovm-vmmessage: files for --file, options by prefix', () => {
    expect(matches(`ovm-vmmessage --file ${batch()}`)).toEqual([`${batch()}txt`]);
    expect(matches('ovm-vmmessage --fo')).toEqual(['--follow']);
  });
});

describe('render-zsh, pure', () => {
  it('escapes what _arguments would read as syntax, and marks a value that may be left out', () => {
    const [long, short] = optionSpecs(
      { name: 'iso', short: 'i', type: 'string', metavar: 'PATH', optionalValue: true, complete: 'file', describe: "The host's [ISO]: a path. More." },
      '_x',
    );
    expect(long).toBe("(--iso -i)--iso=-[The host's \\[ISO\\]\\: a path]::PATH:_files");
    expect(short).toBe("(--iso -i)-i[The host's \\[ISO\\]\\: a path]::PATH:_files");
  });

  it('a repeatable option keeps no exclusion list; free text gets a message and no words', () => {
    const [long] = optionSpecs({ name: 'set', type: 'string', metavar: 'KEY', repeatable: true, describe: 'Set it.' }, '_x');
    expect(long).toBe('*--set=[Set it]:KEY: ');
  });
});
