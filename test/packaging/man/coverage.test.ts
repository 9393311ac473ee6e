// The man pages against the built commands: every option a command accepts (as its --help
// lists it) must be on its page, and the page must offer nothing the command does not list.
// Needs `make build` (dist/bin); `make test` builds first.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecs, SPEC_SOURCES } from '../../../packaging/man/sources.js';
import { COMMANDS } from '../../../packaging/spec/tarball.js';

const top = resolve(import.meta.dirname, '../../..');
const built = COMMANDS.filter((c) => existsSync(join(top, 'dist/bin', c)));
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ovm-man-'));
  execFileSync('npx', ['--no-install', 'tsx', 'scripts/man.ts', '--out', join(work, 'man')], { cwd: top, stdio: 'pipe' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Option names (`--long`, `-s`) in the leading option column of the given lines. */
function optionNames(lines: string[], lead: RegExp): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    const column = lead.exec(line)?.[1] ?? '';
    for (const m of column.matchAll(/(?:^|[\s,])(--?[A-Za-z][\w-]*)/g)) names.add(m[1]!);
  }
  return names;
}

/** The command's --help, run from a copy outside the repository as on a guest (no package.json). */
function helpOptions(command: string): Set<string> {
  const copy = join(work, command);
  copyFileSync(join(top, 'dist/bin', command), copy);
  const help = execFileSync(process.execPath, [copy, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '200' } });
  const start = help.split('\n').findIndex((l) => /^Options:/.test(l));
  // yargs: "  -p, --set-param  text", the option column ends at a run of blanks.
  return optionNames(help.split('\n').slice(start + 1), /^\s+(-\S*(?: -\S*)*?)(?:\s{2,}|$)/);
}

function renderPage(command: string): { text: string; stderr: string; status: number | null } {
  const r = spawnSync('man', ['--warnings', '-l', join(work, 'man', `${command}.8`)], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8', MANWIDTH: '200', MANPAGER: 'cat', PAGER: 'cat' },
  });
  return { text: r.stdout, stderr: r.stderr, status: r.status };
}

function pageOptions(text: string): Set<string> {
  const lines = text.split('\n');
  const from = lines.indexOf('OPTIONS');
  const to = lines.findIndex((l, i) => i > from && /^[A-Z]/.test(l));
  // man: the tag line of each option is indented by 7; its text by 14 (or after one blank).
  return optionNames(lines.slice(from + 1, to), /^ {7}(-\S*(?: -\S*)*)/);
}

describe('man pages', () => {
  it('has a declaration for every command that is built, and every command is built', async () => {
    const { loaded } = await loadSpecs(top);
    expect(loaded.map((l) => l.spec.name).sort()).toEqual([...built].sort());
    expect(built).toEqual([...COMMANDS]);
    expect(SPEC_SOURCES.map((s) => s.command)).toEqual([...COMMANDS]);
  });

  it.each(COMMANDS.map((c) => [c]))('%s(8) renders with man -l, without warnings', (command) => {
    const page = renderPage(command);
    expect(page.stderr).toBe('');
    expect(page.status).toBe(0);
    expect(page.text).toMatch(new RegExp(`^NAME\\n\\s+${command} - \\S`, 'm'));
    expect(page.text).toMatch(/^SYNOPSIS$/m);
  });

  it.each(COMMANDS.map((c) => [c]))('%s(8) lists exactly the options the built command accepts', (command) => {
    if (!built.includes(command)) throw new Error(`dist/bin/${command} is not built: run make build`);
    const accepted = helpOptions(command);
    const documented = pageOptions(renderPage(command).text);
    expect(accepted.size).toBeGreaterThan(2);
    expect([...accepted].filter((o) => !documented.has(o))).toEqual([]);
    expect([...documented].filter((o) => !accepted.has(o))).toEqual([]);
  });
});
