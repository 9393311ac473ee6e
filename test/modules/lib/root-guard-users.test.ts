// The root guard and the change inspector in places users can write, also on a live guest
// (root "/", where "outside the root" protects nothing): a link in a directory someone other
// than root can write is never followed, and a change not marked userDir is refused there.
import { chmodSync, chownSync, lchownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectChange } from '../../../modules/lib/change-state.js';
import { createRootFiles } from '../../../modules/lib/root-files.js';
import { resolveInRoot } from '../../../modules/lib/root-guard.js';

let base: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ovm-guard-users-'));
  mkdirSync(join(base, 'home/alice'), { recursive: true });
  chownSync(join(base, 'home/alice'), 1000, 1000);
  mkdirSync(join(base, 'etc'));
  writeFileSync(join(base, 'etc/shadow'), 'root:secret\n', { mode: 0o600 });
  symlinkSync(join(base, 'etc/shadow'), join(base, 'home/alice/authorized_keys'));
  lchownSync(join(base, 'home/alice/authorized_keys'), 1000, 1000);
  mkdirSync(join(base, 'tmp'));
  chmodSync(join(base, 'tmp'), 0o1777);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('links in places users can write', () => {
  it('are not followed on a live guest, for reading or writing', () => {
    const path = join(base, 'home/alice/authorized_keys');
    for (const forWrite of [true, false]) {
      expect(() => resolveInRoot('/', path, { forWrite, followLast: true })).toThrow(
        `${path} is a symbolic link in a directory others can write (owner uid 1000, group 1000, mode 0755); refusing to follow it`,
      );
    }
    expect(() => createRootFiles('/').read(path)).toThrow(/refusing to follow it/);
    // stat reports the link itself rather than failing.
    expect(createRootFiles('/').stat(path)).toMatchObject({ isSymlink: true, uid: 1000 });
  });

  it('are not followed under a root prefix either, even to a target inside the root', () => {
    expect(() => createRootFiles(base).read('/home/alice/authorized_keys')).toThrow(/refusing to follow it/);
  });

  it('in a sticky directory, are followed only when root made them', () => {
    symlinkSync('/etc/shadow', join(base, 'tmp/roots'));
    symlinkSync('/etc/shadow', join(base, 'tmp/alices'));
    lchownSync(join(base, 'tmp/alices'), 1000, 1000);
    expect(createRootFiles(base).read('/tmp/roots')).toBe('root:secret\n');
    expect(() => createRootFiles(base).read('/tmp/alices')).toThrow(/refusing to follow it/);
  });
});

describe('changes not marked userDir', () => {
  it('are refused in a directory others can write, and allowed in root\'s own', () => {
    rmSync(join(base, 'home/alice/authorized_keys'));
    const write = (path: string) => inspectChange(base, { kind: 'write', path, content: 'x\n' });
    expect(() => write('/home/alice/.profile')).toThrow(
      'refused /home/alice/.profile: it lies in /home/alice, which others can write (owner uid 1000, group 1000, mode 0755); such a change must be marked userDir',
    );
    expect(() => inspectChange(base, { kind: 'remove', path: '/tmp/x' })).toThrow(/it lies in \/tmp, which others can write/);
    expect(() => inspectChange(base, { kind: 'mkdir', path: '/home/alice/new/deeper' })).toThrow(/it lies in \/home\/alice/);
    expect(write('/etc/motd').unchanged).toBe(false);
  });
});
