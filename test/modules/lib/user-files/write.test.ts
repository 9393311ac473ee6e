// Writing and making directories in a user's place: atomic, owner and mode set on the opened
// object, nothing left behind, and every rule of refusal.js applied to what is already there.
import { chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeUserDir, writeUserFile } from '../../../../modules/lib/user-files/write.js';

const ALICE = { uid: 1000, gid: 1000 };
const place = { trusted: '/home', owner: ALICE };
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ovm-write-'));
  mkdirSync(join(root, 'home/alice'), { recursive: true });
  chownSync(join(root, 'home/alice'), 1000, 1000);
  writeFileSync(join(root, 'shadow'), 'root:secret\n', { mode: 0o600 });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const meta = (p: string) => {
  const st = lstatSync(join(root, p));
  return `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
};
const write = (p: string) => writeUserFile(root, p, Buffer.from('new\n'), 0o600, ALICE, place);

describe('makeUserDir', () => {
  it('creates the directory and sets owner and mode on it', () => {
    makeUserDir(root, '/home/alice/.ssh', 0o700, ALICE, place);
    expect(meta('home/alice/.ssh')).toBe('700 1000:1000');
  });

  it('fixes a directory root left there, and refuses a link or a file', () => {
    mkdirSync(join(root, 'home/alice/.ssh'), { mode: 0o755 });
    makeUserDir(root, '/home/alice/.ssh', 0o700, ALICE, place);
    expect(meta('home/alice/.ssh')).toBe('700 1000:1000');
    rmSync(join(root, 'home/alice/.ssh'), { recursive: true });
    symlinkSync(root, join(root, 'home/alice/.ssh'));
    expect(() => makeUserDir(root, '/home/alice/.ssh', 0o700, ALICE, place)).toThrow('refused /home/alice/.ssh: it is a symbolic link');
    expect(meta('')).toBe('700 0:0');
  });
});

describe('writeUserFile', () => {
  it('writes atomically with the owner and mode given, leaving no temporary file', () => {
    write('/home/alice/f');
    expect(readFileSync(join(root, 'home/alice/f'), 'utf8')).toBe('new\n');
    expect(meta('home/alice/f')).toBe('600 1000:1000');
    expect(readdirSync(join(root, 'home/alice'))).toEqual(['f']);
  });

  it('refuses a link, a hard link, a FIFO, a directory and a foreign file, changing nothing', () => {
    symlinkSync(join(root, 'shadow'), join(root, 'home/alice/link'));
    linkSync(join(root, 'shadow'), join(root, 'home/alice/hard'));
    execFileSync('mkfifo', [join(root, 'home/alice/fifo')]);
    mkdirSync(join(root, 'home/alice/dir'));
    writeFileSync(join(root, 'home/alice/bobs'), 'bob\n');
    chownSync(join(root, 'home/alice/bobs'), 1001, 1001);
    expect(() => write('/home/alice/link')).toThrow(/^refused \/home\/alice\/link: it is a symbolic link/);
    expect(() => write('/home/alice/hard')).toThrow(/^refused \/home\/alice\/hard: it has 2 hard links/);
    expect(() => write('/home/alice/fifo')).toThrow(/^refused \/home\/alice\/fifo: it is a FIFO, not a regular file/);
    expect(() => write('/home/alice/dir')).toThrow(/^refused \/home\/alice\/dir: it is a directory/);
    expect(() => write('/home/alice/bobs')).toThrow(/^refused \/home\/alice\/bobs: it belongs to uid 1001/);
    expect(readFileSync(join(root, 'shadow'), 'utf8')).toBe('root:secret\n');
    expect(meta('shadow')).toBe('600 0:0');
    expect(readdirSync(join(root, 'home/alice')).sort()).toEqual(['bobs', 'dir', 'fifo', 'hard', 'link']);
  });

  it('refuses when the directory that should hold the file is missing', () => {
    expect(() => write('/home/alice/.ssh/authorized_keys')).toThrow('refused /home/alice/.ssh/authorized_keys: the directory that should hold it does not exist');
  });
});
