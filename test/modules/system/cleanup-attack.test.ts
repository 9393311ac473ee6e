// The system cleanup against alice (uid 1000): what she plants at a shell history in her home
// (a link to a root file, a hard link of one, a FIFO, a directory) is refused and left as it
// is; what she plants in /tmp and /var/tmp is removed as itself (a link, never its target; her
// directories by her own hand, so a root directory inside one stays); and a directory swapped
// for a link to root's /etc while it is being removed (renameat2 RENAME_EXCHANGE on inotify)
// never takes a root file with it.
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTestTarget } from '../../../modules/lib/test-context.js';
import system from '../../../modules/system.js';
import { cleanupRoots, removeRoot } from '../../helpers/roots.js';
import { aliceWrites, asAlice, attackRoot, plantKeepsake, rootHardLink, startRacer, treeState, victimState } from '../lib/user-files/attacker.js';

afterAll(cleanupRoots);

const HISTORIES = ['.bash_history', '.zsh_history', '.sh_history', '.history'];

function cleanup(root: string, dryRun = false) {
  return runTestTarget(system, 'cleanup', {}, { root, family: 'el9', dryRun });
}

/** alice's root with a sticky /var/tmp beside /tmp. */
function prepared(): string {
  const root = attackRoot();
  mkdirSync(join(root, 'var/tmp'), { recursive: true });
  chmodSync(join(root, 'var/tmp'), 0o1777);
  plantKeepsake(root);
  return root;
}

type Plant = (root: string, path: string) => void;
const HOME_PLANTS: [string, Plant, RegExp][] = [
  ['a symbolic link to /etc/shadow', (root, p) => asAlice(['ln', '-s', join(root, 'etc/shadow'), p]), /it is a symbolic link/],
  ['a hard link of /etc/shadow', (root, p) => rootHardLink(join(root, 'etc/shadow'), p), /it has 2 hard links/],
  ['a FIFO', (_root, p) => asAlice(['mkfifo', p]), /it is a FIFO, not a regular file/],
  ['a directory holding files named like root\'s', (_root, p) => (asAlice(['mkdir', p]), aliceWrites(join(p, 'shadow'), 'mine\n')), /it is a directory, not a regular file/],
];

describe('system cleanup: what alice plants at a history in her home is refused and left', () => {
  for (const name of HISTORIES) {
    for (const [what, plant, why] of HOME_PLANTS) {
      it(`~/${name} as ${what}`, async () => {
        const root = prepared();
        const path = `/home/alice/${name}`;
        plant(root, join(root, path));
        const victims = victimState(root);
        const home = treeState(join(root, 'home/alice'));
        for (const dryRun of [true, false]) {
          const run = await cleanup(root, dryRun);
          expect(run.logs.join('\n')).toMatch(new RegExp(`warning: refused ${path.replaceAll('.', '\\.')}: ${why.source}.*; left in place`));
          expect(run.result.plan.some((s) => 'path' in s && s.path === path)).toBe(false);
        }
        expect(victimState(root)).toEqual(victims);
        expect(treeState(join(root, 'home/alice'))).toEqual(home);
        removeRoot(root);
      }, 20_000);
    }
  }

  it('still removes a plain history of alice\'s, and one root left in her home', async () => {
    const root = prepared();
    aliceWrites(join(root, 'home/alice/.bash_history'), 'sudo -i\n');
    writeFileSync(join(root, 'home/alice/.history'), 'root wrote this\n');
    const run = await cleanup(root);
    expect(existsSync(join(root, 'home/alice/.bash_history'))).toBe(false);
    expect(existsSync(join(root, 'home/alice/.history'))).toBe(false);
    expect(readFileSync(join(root, 'home/alice/notes.txt'), 'utf8')).toBe('my own notes\n');
    expect(run.logs).toContain('info: removed /home/alice/.bash_history');
    removeRoot(root);
  });
});

const TMP_PLANTS: [string, Plant][] = [
  ['a symbolic link to /etc/shadow', (root, p) => asAlice(['ln', '-s', join(root, 'etc/shadow'), p])],
  ['a symbolic link to /etc', (root, p) => asAlice(['ln', '-s', join(root, 'etc'), p])],
  ['a hard link of /etc/shadow', (root, p) => rootHardLink(join(root, 'etc/shadow'), p)],
  ['a FIFO', (_root, p) => asAlice(['mkfifo', p])],
  ['a directory of links to root\'s files', (root, p) => {
    asAlice(['mkdir', '-p', join(p, 'sub')]);
    asAlice(['ln', '-s', join(root, 'etc'), join(p, 'etc')]);
    asAlice(['ln', '-s', join(root, 'etc/shadow'), join(p, 'sub/shadow')]);
  }],
];

describe('system cleanup: what alice plants in /tmp and /var/tmp goes as itself', () => {
  for (const dir of ['/tmp', '/var/tmp']) {
    for (const [what, plant] of TMP_PLANTS) {
      it(`${dir}/x as ${what}`, async () => {
        const root = prepared();
        plant(root, join(root, dir, 'x'));
        const victims = victimState(root);
        const run = await cleanup(root);
        expect(existsSync(join(root, dir, 'x')) || lstatExists(join(root, dir, 'x'))).toBe(false);
        expect(run.logs).toContain(`info: removed ${dir}/x`);
        expect(victimState(root).etc).toEqual(victims.etc);
        expect(readFileSync(join(root, 'home/alice/notes.txt'), 'utf8')).toBe('my own notes\n');
        // A removed hard link only gives the file its single name back.
        for (const key of ['etc/shadow', 'etc/passwd', 'etc/group']) expect(victimState(root)[key]).toEqual(victims[key]!.replace('nlink=2', 'nlink=1'));
        removeRoot(root);
      }, 20_000);
    }
  }

  it('never recurses as root into alice\'s directory: a root directory inside it stays', async () => {
    const root = prepared();
    const mine = join(root, 'tmp/mine');
    asAlice(['mkdir', mine]);
    aliceWrites(join(mine, 'file'), 'x\n');
    mkdirSync(join(mine, 'roots'));
    writeFileSync(join(mine, 'roots/kept'), 'root made this\n');
    const run = await cleanup(root);
    expect(run.logs.join('\n')).toMatch(/warning: refused \/tmp\/mine: uid 1000 could not remove all of it: .*Permission denied.*; left in place/);
    expect(readFileSync(join(mine, 'roots/kept'), 'utf8')).toBe('root made this\n');
    expect(existsSync(join(mine, 'file'))).toBe(false);
    removeRoot(root);
  });
});

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

type Race = 'tmp' | 'home-dir' | 'home-file';
const RACES: Record<Race, string> = {
  tmp: '/tmp/d, a directory, swapped when root works inside it',
  'home-dir': '~/.bash_history as a directory, swapped when root opens the home or works inside it',
  'home-file': '~/.bash_history as a file, swapped for a link to /etc/shadow when root opens the home',
};

/**
 * One race: an entry of alice's (a directory holding files named like root's, or a plain
 * history) trades names with a link to root's /etc (or /etc/shadow) on every event where she
 * watches (up to 200 exchanges).
 */
async function raceOnce(race: Race): Promise<{ won: boolean; swaps: number }> {
  const root = prepared();
  const parent = race === 'tmp' ? join(root, 'tmp') : join(root, 'home/alice');
  const name = race === 'tmp' ? 'd' : '.bash_history';
  if (race === 'home-file') aliceWrites(join(parent, name), 'ls\n');
  else {
    asAlice(['mkdir', join(parent, name)]);
    for (const file of ['shadow', 'passwd', 'group']) aliceWrites(join(parent, name, file), 'decoy\n');
  }
  asAlice(['ln', '-s', join(root, race === 'home-file' ? 'etc/shadow' : 'etc'), join(parent, 'evil')]);
  const victims = victimState(root);
  const watch = race === 'tmp' ? join(parent, name) : race === 'home-dir' ? `${parent}:${join(parent, name)}` : parent;
  const racer = await startRacer(watch, parent, name, 'evil', 200);
  await cleanup(root).catch(() => undefined);
  const swaps = await racer.stop();
  const won = JSON.stringify(victimState(root)) !== JSON.stringify(victims);
  rmSync(root, { recursive: true, force: true });
  return { won, swaps };
}

describe('system cleanup: a directory swapped for a link to /etc while it is removed', () => {
  for (const [where, title] of Object.entries(RACES) as [Race, string][]) {
    it(`never lets the swap win: ${title} (20 runs)`, async () => {
      let wins = 0;
      let swaps = 0;
      const RUNS = 20;
      for (let i = 0; i < RUNS; i += 1) {
        const r = await raceOnce(where);
        wins += r.won ? 1 : 0;
        swaps += r.swaps;
      }
      console.log(`cleanup swap race (${where}): ${RUNS} runs, ${swaps} swaps, attacker wins: ${wins}`);
      expect(swaps).toBeGreaterThan(0);
      expect(wins).toBe(0);
    }, 120_000);
  }
});
