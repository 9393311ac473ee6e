// The user module renumbering alice (uid, login group): usermod chowns her home tree, as root,
// inside the shadow tools. Alice plants links to root's files, a hard link of one, a FIFO and a
// directory of links, and races usermod by swapping a directory of hers for a link to another
// user's home (whose files share her old login group) while it walks: root's files and the
// other user's files must keep their owner, group, mode and content.
import { chmodSync, chownSync, lchownSync, lstatSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupRoots, makeRoot, removeRoot } from '../../helpers/roots.js';
import { ALICE, aliceWrites, asAlice, rootHardLink, startRacer, treeState } from '../lib/user-files/attacker.js';
import { configureUsers, u } from './harness.js';

afterAll(cleanupRoots);

/** alice (uid 1000) and bob (uid 1001) share the login group "staff" (gid 1500). */
function rootWithTwo(): string {
  const root = makeRoot('el9');
  chmodSync(root, 0o755);
  execFileSync('groupadd', ['-R', root, '-g', '1500', 'staff']);
  execFileSync('groupadd', ['-R', root, '-g', '1600', 'alices']);
  for (const [name, uid] of [['alice', 1000], ['bob', 1001]] as const) {
    execFileSync('useradd', ['-R', root, '-m', '-u', String(uid), '-g', 'staff', name], { stdio: 'ignore' });
  }
  chmodSync(join(root, 'home/bob'), 0o750);
  writeFileSync(join(root, 'home/bob/private'), 'bob only\n', { mode: 0o640 });
  chownSync(join(root, 'home/bob/private'), 1001, 1500);
  // A root file for the staff group: alice must not take it with her to her new group.
  writeFileSync(join(root, 'etc/staff.conf'), 'staff only\n', { mode: 0o640 });
  chownSync(join(root, 'etc/staff.conf'), 0, 1500);
  return root;
}

/** What the attack aims at: bob's home, and root's files (the account files change by design). */
function victims(root: string): string {
  const etc = treeState(join(root, 'etc'));
  for (const accountFile of ['/passwd', '/shadow', '/group', '/gshadow', '/passwd-', '/shadow-', '/group-', '/gshadow-']) etc.delete(accountFile);
  return JSON.stringify([...treeState(join(root, 'home/bob')), ...etc]);
}

const renumber = (root: string) => configureUsers(root, { ...u('name', 0, 'alice'), ...u('action', 0, 'mod'), ...u('uid', 0, '1100'), ...u('group', 0, 'alices') });

describe('user: renumbering alice with her planted files in her home', () => {
  it('changes only her own files: links themselves, never root\'s or bob\'s files', async () => {
    const root = rootWithTwo();
    const home = join(root, 'home/alice');
    asAlice(['ln', '-s', join(root, 'etc/shadow'), join(home, 'shadow-link')]);
    asAlice(['ln', '-s', join(root, 'home/bob'), join(home, 'bob-link')]);
    rootHardLink(join(root, 'etc/passwd'), join(home, 'passwd-hard'));
    asAlice(['mkfifo', join(home, 'fifo')]);
    aliceWrites(join(home, 'notes.txt'), 'mine\n');
    asAlice(['ln', '-s', join(root, 'etc/staff.conf'), join(home, 'staff-link')]);
    const before = victims(root);
    await renumber(root);
    expect(victims(root)).toEqual(before);
    expect(lstatSync(join(home, 'notes.txt')).uid).toBe(1100);
    expect(lstatSync(join(home, '.bashrc')).gid).toBe(1600);
    expect(lstatSync(join(home, 'shadow-link')).uid).toBe(1100);
    removeRoot(root);
  }, 30_000);
});

async function raceOnce(): Promise<{ won: boolean; swaps: number }> {
  const root = rootWithTwo();
  const home = join(root, 'home/alice');
  mkdirSync(join(home, 'd'));
  writeFileSync(join(home, 'd/private'), 'decoy\n');
  chownSync(join(home, 'd'), ALICE.uid, 1500);
  chownSync(join(home, 'd/private'), ALICE.uid, 1500);
  asAlice(['ln', '-s', join(root, 'home/bob'), join(home, 'evil')]);
  lchownSync(join(home, 'evil'), ALICE.uid, 1500);
  const before = victims(root);
  const racer = await startRacer(`${home}:${join(home, 'd')}`, home, 'd', 'evil', 200);
  await renumber(root).catch(() => undefined);
  const swaps = await racer.stop();
  const won = victims(root) !== before;
  rmSync(root, { recursive: true, force: true });
  return { won, swaps };
}

describe('user: a directory in alice\'s home swapped for a link to bob\'s home while usermod walks it', () => {
  it('never lets the swap win (20 runs)', async () => {
    let wins = 0;
    let swaps = 0;
    const RUNS = 20;
    for (let i = 0; i < RUNS; i += 1) {
      const r = await raceOnce();
      wins += r.won ? 1 : 0;
      swaps += r.swaps;
    }
    console.log(`usermod home swap race: ${RUNS} runs, ${swaps} swaps, attacker wins: ${wins}`);
    expect(wins).toBe(0);
  }, 180_000);
});
