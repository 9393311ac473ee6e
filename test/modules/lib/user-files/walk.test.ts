// The walk into a user's place: the trusted directory must be root's alone (or root's and
// sticky), every directory below it a real directory of the user or root, reached without
// following a link; a missing directory is "absent", not an error.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at } from '../../../../modules/lib/user-files/at-fd.js';
import { lstatUserPath, readUserFile } from '../../../../modules/lib/user-files/read.js';
import { UserFileRefusal } from '../../../../modules/lib/user-files/refusal.js';
import { splitPlace } from '../../../../modules/lib/user-files/walk.js';
import { describeWriters, linkTrusted, othersCanWrite } from '../../../../modules/lib/user-files/trust.js';

const ALICE = { uid: 1000, gid: 1000 };
const place = { trusted: '/home', owner: ALICE };
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ovm-walk-'));
  mkdirSync(join(root, 'home/alice/.ssh'), { recursive: true });
  chownSync(join(root, 'home/alice'), 1000, 1000);
  chownSync(join(root, 'home/alice/.ssh'), 1000, 1000);
  writeFileSync(join(root, 'home/alice/.ssh/authorized_keys'), 'ssh-ed25519 AAAA alice\n');
  chownSync(join(root, 'home/alice/.ssh/authorized_keys'), 1000, 1000);
  writeFileSync(join(root, 'secret'), 'root only\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof UserFileRefusal ? error.message : `not a refusal: ${(error as Error).message}`;
  }
  return 'no refusal';
};

describe('trust predicates', () => {
  it('says who besides root can write a directory', () => {
    expect(othersCanWrite({ uid: 0, gid: 0, mode: 0o755 })).toBe(false);
    expect(othersCanWrite({ uid: 0, gid: 0, mode: 0o775 })).toBe(false);
    expect(othersCanWrite({ uid: 0, gid: 12, mode: 0o775 })).toBe(true);
    expect(othersCanWrite({ uid: 0, gid: 0, mode: 0o1777 })).toBe(true);
    expect(othersCanWrite({ uid: 1000, gid: 1000, mode: 0o700 })).toBe(true);
    expect(describeWriters({ uid: 1000, gid: 1000, mode: 0o700 })).toBe('owner uid 1000, group 1000, mode 0700');
  });

  it('follows a link in a sticky world-writable directory only when root made it', () => {
    expect(linkTrusted({ uid: 0, gid: 0, mode: 0o1777 }, 0)).toBe(true);
    expect(linkTrusted({ uid: 0, gid: 0, mode: 0o1777 }, 1000)).toBe(false);
    expect(linkTrusted({ uid: 0, gid: 0, mode: 0o777 }, 0)).toBe(false);
    expect(linkTrusted({ uid: 1000, gid: 1000, mode: 0o755 }, 1000)).toBe(false);
  });
});

describe('walking into a user\'s place', () => {
  it('reads the user\'s regular file and reports absence plainly', () => {
    expect(readUserFile(root, '/home/alice/.ssh/authorized_keys', place)?.toString()).toBe('ssh-ed25519 AAAA alice\n');
    expect(readUserFile(root, '/home/alice/.ssh/known_hosts', place)).toBeUndefined();
    rmSync(join(root, 'home/alice/.ssh'), { recursive: true });
    expect(readUserFile(root, '/home/alice/.ssh/authorized_keys', place)).toBeUndefined();
  });

  it('never goes through a link on the way, even one inside the root', () => {
    rmSync(join(root, 'home/alice/.ssh'), { recursive: true });
    symlinkSync(join(root, 'etc-like'), join(root, 'home/alice/.ssh'));
    mkdirSync(join(root, 'etc-like'));
    expect(refusal(() => readUserFile(root, '/home/alice/.ssh/authorized_keys', place))).toMatch(/^refused \/home\/alice\/\.ssh: it is a symbolic link/);
  });

  it('refuses a directory on the way that belongs to another user', () => {
    chownSync(join(root, 'home/alice/.ssh'), 1001, 1001);
    expect(refusal(() => readUserFile(root, '/home/alice/.ssh/authorized_keys', place))).toBe(
      'refused /home/alice/.ssh: it belongs to uid 1001, not to uid 1000 (or root)',
    );
  });

  it('refuses a trusted directory others can write, and accepts root\'s sticky one', () => {
    chmodSync(join(root, 'home'), 0o777);
    expect(refusal(() => readUserFile(root, '/home/alice/.ssh/authorized_keys', place))).toMatch(/^refused \/home: it is not root's alone \(owner uid 0, group 0, mode 0777\)/);
    chmodSync(join(root, 'home'), 0o1777);
    expect(readUserFile(root, '/home/alice/.ssh/authorized_keys', place)).toBeDefined();
    chownSync(join(root, 'home'), 1000, 1000);
    expect(refusal(() => lstatUserPath(root, '/home/alice', { trusted: '/home' }))).toMatch(/^refused \/home: it is not root's alone/);
  });

  it('names one entry only: no "..", no "/", and the path must lie under its trusted directory', () => {
    for (const bad of ['..', '.', '', 'a/b']) expect(() => at(3, bad)).toThrow(/not a single file name/);
    expect(() => splitPlace('/etc/passwd', '/home')).toThrow(/does not lie under/);
    expect(() => splitPlace('/home', '/home')).toThrow(/does not lie under/);
    expect(splitPlace('/home/alice/.ssh/x', '/home')).toEqual({ dirs: ['alice', '.ssh'], leaf: 'x' });
  });
});
