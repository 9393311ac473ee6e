// The ssh module against alice (uid 1000), who owns her home and plants things in it before a
// batch for her runs as root: a link to a root file, a hard link of one, a FIFO, a directory
// in place of a file (and a file in place of ~/.ssh), a foreign owner, and ~/.ssh swapped for a
// link to root's /etc (renameat2 RENAME_EXCHANGE, triggered by inotify) while the run works.
// Every attack must leave root's files as they were, name the refused path and the reason,
// and change nothing of alice's.
import { execFileSync } from 'node:child_process';
import { chownSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTestTarget, type AllowRule } from '../../../modules/lib/test-context.js';
import type { Params } from '../../../modules/lib/types.js';
import ssh from '../../../modules/ssh.js';
import { READ_PRIVATE } from '../../../modules/ssh/key-check.js';
import { cleanupRoots, removeRoot } from '../../helpers/roots.js';
import { SHADOW_MARK, aliceWrites, asAlice, attackRoot, plantKeepsake, rootHardLink, startRacer, treeState, victimState } from '../lib/user-files/attacker.js';
import { generateKeys, type Keys } from './keys.js';

const ALLOW: AllowRule[] = [
  { argv: ['ssh-keygen', '-l', '-f', '-'], real: true, exact: true },
  { argv: READ_PRIVATE, real: true, exact: true },
];
const K = 'com.oracle.linux.ssh.';
let keys: Keys;

beforeAll(() => {
  keys = generateKeys();
}, 60_000);
afterAll(cleanupRoots);

/** A batch that touches every file the module writes in ~/.ssh. */
function batch(): Params {
  return {
    [`${K}user.0`]: 'alice',
    [`${K}authorized-keys.0`]: keys.rsa.pub,
    [`${K}known-hosts.0`]: `host1 ${keys.ecdsa.pub.split(' ').slice(0, 2).join(' ')}`,
    [`${K}private-key.0`]: keys.ed25519.priv,
  };
}

function run(root: string, dryRun = false) {
  return runTestTarget(ssh, 'configure', batch(), { root, allow: ALLOW, dryRun });
}

/** alice's root with her own ~/.ssh and a keepsake. */
function prepared(): string {
  const root = attackRoot();
  asAlice(['mkdir', '-m', '700', join(root, 'home/alice/.ssh')]);
  plantKeepsake(root);
  return root;
}

type Plant = (root: string, path: string) => void;
const FILE_PLANTS: [string, Plant, RegExp][] = [
  ['a symbolic link to /etc/shadow', (root, p) => asAlice(['ln', '-s', join(root, 'etc/shadow'), p]), /it is a symbolic link/],
  ['a hard link of /etc/shadow', (root, p) => rootHardLink(join(root, 'etc/shadow'), p), /it has 2 hard links/],
  ['a FIFO', (_root, p) => asAlice(['mkfifo', p]), /it is a FIFO, not a regular file/],
  ['a directory', (_root, p) => asAlice(['mkdir', p]), /it is a directory, not a regular file/],
  ['a file of another user', (_root, p) => (aliceWrites(p, 'x\n'), chownSync(p, 1001, 1001)), /it belongs to uid 1001/],
];
const FILES = ['authorized_keys', 'known_hosts', 'id_ed25519', 'id_ed25519.pub'];

/** Runs the batch (real or dry) after a plant; asserts refusal, root's files and alice's untouched. */
async function expectRefused(root: string, path: string, why: RegExp, dryRun: boolean): Promise<void> {
  const victims = victimState(root);
  const before = treeState(root);
  const error = (await run(root, dryRun).then(() => undefined, (e: unknown) => e)) as Error | undefined;
  expect(error?.message).toMatch(new RegExp(`^refused ${path.replaceAll('.', '\\.')}: `));
  expect(error?.message).toMatch(why);
  expect(error?.message).not.toContain(SHADOW_MARK);
  expect(victimState(root)).toEqual(victims);
  expect(treeState(root)).toEqual(before);
}

describe('ssh per-user keys: things alice plants in ~/.ssh are refused', () => {
  for (const file of FILES) {
    for (const [what, plant, why] of FILE_PLANTS) {
      for (const dryRun of [false, true]) {
        it(`${file} as ${what}${dryRun ? ' (dry run)' : ''}`, async () => {
          const root = prepared();
          const path = `/home/alice/.ssh/${file}`;
          plant(root, join(root, path));
          await expectRefused(root, path, why, dryRun);
          removeRoot(root);
        }, 20_000);
      }
    }
  }

  const DIR_PLANTS: [string, Plant, RegExp][] = [
    ['a symbolic link to /etc', (root, p) => asAlice(['ln', '-s', join(root, 'etc'), p]), /it is a symbolic link/],
    ['a FIFO', (_root, p) => asAlice(['mkfifo', p]), /it is a FIFO, not a directory/],
    ['a regular file', (_root, p) => aliceWrites(p, 'not a directory\n'), /it is a regular file, not a directory/],
    ['a directory of another user', (_root, p) => (asAlice(['mkdir', p]), chownSync(p, 1001, 1001)), /it belongs to uid 1001/],
  ];
  for (const [what, plant, why] of DIR_PLANTS) {
    it(`~/.ssh as ${what}`, async () => {
      const root = attackRoot();
      plantKeepsake(root);
      plant(root, join(root, 'home/alice/.ssh'));
      await expectRefused(root, '/home/alice/.ssh', why, false);
      removeRoot(root);
    }, 20_000);
  }
});

/** grep -r exits 1 when nothing matches; it never follows links inside the tree (-r, not -R). */
function grepFinds(dir: string, text: string): boolean {
  try {
    execFileSync('grep', ['-rlF', '--', text, dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/**
 * One race: alice's ~/.ssh and a link "~/.ssh-evil" to root's /etc change names as soon as root
 * does anything inside ~/.ssh (`once`: one exchange; otherwise one per event, up to 200).
 * Returns whether the attacker won: any of root's files changed, or her files got root's bytes.
 */
async function raceOnce(once: boolean): Promise<{ won: boolean; swaps: number; odd?: string }> {
  const root = prepared();
  const home = join(root, 'home/alice');
  aliceWrites(join(home, '.ssh/authorized_keys'), '# alice\n');
  asAlice(['ln', '-s', join(root, 'etc'), join(home, '.ssh-evil')]);
  const victims = victimState(root);
  const racer = await startRacer(join(home, '.ssh'), home, '.ssh', '.ssh-evil', once ? 1 : 200);
  const error = (await run(root).then(() => undefined, (e: unknown) => e)) as Error | undefined;
  const swaps = await racer.stop();
  const won = grepFinds(home, SHADOW_MARK) || JSON.stringify(victimState(root)) !== JSON.stringify(victims);
  // A run either succeeds (into the real directory, wherever it is now) or names the refusal.
  const odd = error === undefined || /^refused \/home\/alice\/\.ssh(\/[a-z_0-9.]+)?: /.test(error.message) ? undefined : error.message;
  const notes = readFileSync(join(home, 'notes.txt'), 'utf8') === 'my own notes\n' ? undefined : 'notes.txt changed';
  rmSync(root, { recursive: true, force: true });
  return { won, swaps, odd: odd ?? notes };
}

describe('ssh per-user keys: ~/.ssh swapped for a link to /etc during the run', () => {
  for (const once of [true, false]) {
    it(`never lets the swap win (${once ? 'one swap on the first touch' : 'a swap on every touch'}, 20 runs)`, async () => {
      let wins = 0;
      let swaps = 0;
      const odd: string[] = [];
      const RUNS = 20;
      for (let i = 0; i < RUNS; i += 1) {
        const r = await raceOnce(once);
        wins += r.won ? 1 : 0;
        swaps += r.swaps;
        if (r.odd !== undefined) odd.push(r.odd);
      }
      console.log(`ssh ~/.ssh swap race (${once ? 'once' : 'every event'}): ${RUNS} runs, ${swaps} swaps, attacker wins: ${wins}`);
      expect(swaps).toBeGreaterThan(0);
      expect(wins).toBe(0);
      expect(odd).toEqual([]);
    }, 120_000);
  }
});
