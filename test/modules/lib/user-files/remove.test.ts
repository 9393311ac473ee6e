// Removal in a user's place: in a home only the user's regular files; elsewhere an entry as
// itself, a directory by its owner's own rm (the kernel refuses what the owner could not do),
// and an entry whose owner changed since the plan is left alone.
import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeUserEntry } from '../../../../modules/lib/user-files/remove.js';

const ALICE = { uid: 1000, gid: 1000 };
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ovm-remove-'));
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'home/alice'), { recursive: true });
  chownSync(join(root, 'home/alice'), 1000, 1000);
  mkdirSync(join(root, 'tmp'));
  chmodSync(join(root, 'tmp'), 0o1777);
  writeFileSync(join(root, 'shadow'), 'root:secret\n', { mode: 0o600 });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const home = { trusted: '/home', owner: ALICE, filesOnly: true };

describe('removeUserEntry in a home (regular files only)', () => {
  it('removes the user\'s file and says so; absent is absent', () => {
    writeFileSync(join(root, 'home/alice/.bash_history'), 'ls\n');
    chownSync(join(root, 'home/alice/.bash_history'), 1000, 1000);
    expect(removeUserEntry(root, '/home/alice/.bash_history', home)).toEqual({ done: 'removed' });
    expect(removeUserEntry(root, '/home/alice/.bash_history', home)).toEqual({ done: 'absent' });
  });

  it('leaves a link and a directory, with the reason', () => {
    symlinkSync(join(root, 'shadow'), join(root, 'home/alice/.bash_history'));
    expect(removeUserEntry(root, '/home/alice/.bash_history', home)).toMatchObject({ done: 'refused', why: expect.stringMatching(/symbolic link/) });
    rmSync(join(root, 'home/alice/.bash_history'));
    mkdirSync(join(root, 'home/alice/.bash_history'));
    expect(removeUserEntry(root, '/home/alice/.bash_history', home)).toMatchObject({ done: 'refused', why: expect.stringMatching(/a directory, not a regular file/) });
    expect(existsSync(join(root, 'home/alice/.bash_history'))).toBe(true);
  });
});

describe('removeUserEntry in /tmp', () => {
  const tmp = (owner = ALICE) => ({ trusted: '/tmp', owner });

  it('removes a link as itself, and a tree of the owner\'s as the owner', () => {
    symlinkSync(join(root, 'shadow'), join(root, 'tmp/l'));
    lchownSync(join(root, 'tmp/l'), 1000, 1000);
    expect(removeUserEntry(root, '/tmp/l', tmp())).toEqual({ done: 'removed' });
    expect(readFileSync(join(root, 'shadow'), 'utf8')).toBe('root:secret\n');
    mkdirSync(join(root, 'tmp/d/e'), { recursive: true });
    symlinkSync(root, join(root, 'tmp/d/e/up'));
    for (const p of ['tmp/d', 'tmp/d/e']) chownSync(join(root, p), 1000, 1000);
    expect(removeUserEntry(root, '/tmp/d', tmp())).toEqual({ done: 'removed' });
    expect(existsSync(join(root, 'tmp/d'))).toBe(false);
  });

  it('leaves an entry whose owner is not the one planned', () => {
    mkdirSync(join(root, 'tmp/d'));
    chownSync(join(root, 'tmp/d'), 1001, 1001);
    expect(removeUserEntry(root, '/tmp/d', tmp())).toEqual({ done: 'refused', why: 'it belongs to uid 1001 now, not to uid 1000 as planned' });
  });

  it('the owner\'s rm cannot remove what root put out of the owner\'s reach', () => {
    mkdirSync(join(root, 'tmp/d/roots'), { recursive: true });
    writeFileSync(join(root, 'tmp/d/roots/kept'), 'root\n');
    chownSync(join(root, 'tmp/d'), 1000, 1000);
    const out = removeUserEntry(root, '/tmp/d', tmp());
    expect(out).toMatchObject({ done: 'refused', why: expect.stringMatching(/^uid 1000 could not remove all of it: .*\/tmp\/d\/roots\/kept.*Permission denied/) });
    expect(readFileSync(join(root, 'tmp/d/roots/kept'), 'utf8')).toBe('root\n');
  });
});
