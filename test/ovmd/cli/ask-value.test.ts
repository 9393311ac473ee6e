// `ovmd -p KEY` with no value on a real terminal (tmux): asked twice without echo like passwd,
// an empty entry and a mismatch asked again, three mismatches or Ctrl-C store nothing; the value
// is never on screen, in argv or in a file other than the store. Without a terminal the value
// still comes from standard input.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureDist } from '../../template.d/console/guest.js';
import { killPanes, TmuxPane } from '../../template.d/console/tmux.js';

const KEY = 'com.oracle.linux.root-password';
const VALUE = 'Hidden-canary-4471';
const OVMD = join(BIN, 'ovmd');
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'xterm-256color' };

let scratch: string;
beforeAll(() => {
  ensureDist();
  scratch = mkdtempSync(join(tmpdir(), 'ovm-ask-'));
}, 240_000);
afterEach(killPanes);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under `dir`, with its text. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out.set(name, readFileSync(path, 'latin1'));
  }
  return out;
}

function stored(root: string): string | undefined {
  const got = spawnSync(OVMD, ['--root', root, '-g', KEY], { encoding: 'utf8' });
  return got.status === 0 ? got.stdout : undefined;
}

async function asking(root: string, term = 'xterm-256color'): Promise<TmuxPane> {
  const pane = await TmuxPane.start(['env', `TERM=${term}`, OVMD, '--root', root, '-p', KEY], ENV);
  await pane.waitFor(/\? Value of "com\.oracle\.linux\.root-password": \(typing is not shown\) *$/m);
  return pane;
}

/** Waits until the last line on screen starts with `prompt` (the line driver never redraws). */
async function answer(pane: TmuxPane, prompt: string, text: string): Promise<void> {
  await pane.answerLast(prompt, text);
}

describe('ovmd -p KEY on a terminal', { timeout: 90_000 }, () => {
  it.each(['xterm-256color', 'vt220'])('asks twice without echo (TERM=%s), again after an empty entry or a mismatch, and stores the value', async (term) => {
    const root = mkdtempSync(join(scratch, 'root-'));
    const pane = await asking(root, term);
    await pane.line('');
    await pane.waitFor(/! an empty value is not stored this way \(use -p KEY= for that\)/);
    await answer(pane, 'Value of', VALUE);
    await answer(pane, 'Type it again to confirm', `${VALUE}x`);
    await pane.waitFor(/The two entries differ; type the value again\./);
    await answer(pane, 'Value of', VALUE);
    // While the question is open, the process's argv holds the key only.
    const pids = execFileSync('pgrep', ['-f', `${OVMD} --root ${root} -p`], { encoding: 'utf8' }).trim().split('\n');
    for (const pid of pids) expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1')).not.toContain('canary');
    await answer(pane, 'Type it again to confirm', VALUE);
    expect(await pane.exitStatus()).toBe(0);
    const screen = await pane.screen();
    expect(screen).toContain(`ovmd: stored on this guest only: ${KEY} is secret and is never sent to the host`);
    expect(screen).not.toContain('canary');
    expect(stored(root)).toBe(`${VALUE}\n`);
    const holding = [...files(root)].filter(([, text]) => text.includes(VALUE)).map(([name]) => name);
    expect(holding).toHaveLength(1); // the store's own file, nothing else (no log, no temp file)
  });

  it('stores nothing after three mismatches, or on Ctrl-C', async () => {
    const root = mkdtempSync(join(scratch, 'root-'));
    const pane = await asking(root);
    for (let i = 0; i < 3; i++) {
      await answer(pane, 'Value of', `${VALUE}-${i}`);
      await answer(pane, 'Type it again to confirm', `other-${i}`);
    }
    expect(await pane.exitStatus()).toBe(1);
    expect(await pane.screen()).toMatch(/ovmd: -p "com\.oracle\.linux\.root-password": the two entries differed 3 times; nothing was stored/);
    expect(stored(root)).toBeUndefined();
    const again = await asking(root);
    await again.type('half-typed');
    await again.keys('C-c');
    expect(await again.exitStatus()).toBe(1);
    expect(await again.screen()).toMatch(/ovmd: -p "com\.oracle\.linux\.root-password": the question was interrupted \(Ctrl-C\); nothing was stored/);
    expect(stored(root)).toBeUndefined();
  });

  it('refuses a bad key name before asking anything', async () => {
    const root = mkdtempSync(join(scratch, 'root-'));
    const pane = await TmuxPane.start([OVMD, '--root', root, '-p', 'bad=key=x', '-p', 'two words'], ENV);
    expect(await pane.exitStatus()).toBe(1);
    expect(await pane.screen()).not.toContain('Value of');
  });

  it('without a terminal still reads the value from standard input', () => {
    const root = mkdtempSync(join(scratch, 'root-'));
    const got = spawnSync(OVMD, ['--root', root, '-p', KEY], { input: `${VALUE}\n`, encoding: 'utf8' });
    expect(got.status).toBe(0);
    expect(got.stdout + got.stderr).not.toContain('Value of');
    expect(stored(root)).toBe(`${VALUE}\n`);
  });
});
