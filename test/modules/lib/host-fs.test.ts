// Directories in root's places get their owner and mode through a descriptor opened without
// following links: a name that is (or becomes) a symbolic link is refused, and the link's
// target keeps its owner and mode. Runs as root (chown to uid 1000).
import * as realFs from 'node:fs';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDir, setModeOwner } from '../../../modules/lib/host-fs.js';

// The race of a user swapping the new directory for a link between mkdir and chown, made
// deterministic: when set, this runs right after host-fs's mkdir returns.
const race = vi.hoisted(() => ({ afterMkdir: undefined as ((path: string) => void) | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const mkdirSync = ((path: realFs.PathLike, options?: realFs.MakeDirectoryOptions) => {
    const made = fs.mkdirSync(path, options);
    race.afterMkdir?.(String(path));
    return made;
  }) as typeof fs.mkdirSync;
  return { ...fs, mkdirSync, default: { ...fs, mkdirSync } };
});

const USER = { uid: 1000, gid: 1000 };
let root: string;
let etc: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ovm-host-fs-'));
  etc = join(root, 'etc');
  mkdirSync(etc, { mode: 0o755 });
  chmodSync(etc, 0o755);
  writeFileSync(join(etc, 'shadow'), 'root:secret\n', { mode: 0o600 });
});
afterEach(() => {
  race.afterMkdir = undefined;
  rmSync(root, { recursive: true, force: true });
});

const meta = (p: string) => {
  const st = lstatSync(p);
  return `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
};

describe('setModeOwner', () => {
  it('fixes mode and owner of a directory', () => {
    mkdirSync(join(root, 'd'), { mode: 0o755 });
    setModeOwner(join(root, 'd'), 0o750, USER);
    expect(meta(join(root, 'd'))).toBe('750 1000:1000');
  });

  it("refuses a symbolic link at the name and leaves the link's target as it was", () => {
    symlinkSync(etc, join(root, 'link'));
    expect(() => setModeOwner(join(root, 'link'), 0o700, USER)).toThrow(`${join(root, 'link')} is a symbolic link now, not the directory to fix: refused`);
    expect(meta(etc)).toBe('755 0:0');
  });

  it('refuses a file at the name, changing nothing', () => {
    expect(() => setModeOwner(join(etc, 'shadow'), 0o755, USER)).toThrow(/shadow is not a directory now/);
    expect(meta(join(etc, 'shadow'))).toBe('600 0:0');
  });
});

describe('makeDir', () => {
  it('makes the directory with the mode and owner asked for', () => {
    makeDir(join(root, 'new'), 0o750, USER);
    const st = statSync(join(root, 'new'));
    expect(st.isDirectory()).toBe(true);
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o750, 1000, 1000]);
  });

  it('fails on a symbolic link already at the name and touches nothing', () => {
    symlinkSync(etc, join(root, 'link'));
    expect(() => makeDir(join(root, 'link'), 0o700, USER)).toThrow(/EEXIST/);
    expect(meta(etc)).toBe('755 0:0');
    expect(lstatSync(join(root, 'link')).isSymbolicLink()).toBe(true);
  });

  it('refuses when the new directory is swapped for a link right after mkdir, leaving the target alone', () => {
    race.afterMkdir = (path) => {
      rmSync(path, { recursive: true });
      symlinkSync(etc, path);
    };
    const path = join(root, 'new');
    expect(() => makeDir(path, 0o700, USER)).toThrow(`${path} is a symbolic link now, not the directory just made: refused`);
    expect(meta(etc)).toBe('755 0:0');
  });

  it("refuses when the new directory is swapped for another user's directory", () => {
    race.afterMkdir = (path) => {
      race.afterMkdir = undefined; // the mkdir below is the user's, not the one under test
      rmSync(path, { recursive: true });
      mkdirSync(path);
      realFs.chownSync(path, 1001, 1001);
    };
    const path = join(root, 'new');
    expect(() => makeDir(path, 0o700, USER)).toThrow(`${path} is not the directory just made (a dir of uid 1001): refused`);
    expect(meta(path).endsWith(' 1001:1001')).toBe(true);
  });
});
