// The root-prefix guard: lexical escapes, and symbolic links that lead outside the root.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../modules/lib/apply.js';
import { inspectChange } from '../../../modules/lib/change-state.js';
import { createLogger } from '../../../modules/lib/logger.js';
import { createRootFiles } from '../../../modules/lib/root-files.js';
import { resolveInRoot } from '../../../modules/lib/root-guard.js';
import { RootPathError, isInside, rootPath } from '../../../modules/lib/root-path.js';

let base: string;
let root: string;
let outside: string;

// A tree built declaratively: the root, and a directory beside it standing for "outside".
function tree(files: Record<string, string>, links: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), content);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    symlinkSync(target.replace('$OUT', outside).replace('$ROOT', root), join(base, path));
  }
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ovm-guard-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  tree(
    { 'root/etc/hosts': 'in root\n', 'root/usr/share/zoneinfo/UTC': 'zone\n', 'outside/secret': 'outside\n' },
    {
      'root/etc/abs-out': '$OUT',
      'root/etc/rel-out': '../../outside',
      'root/etc/localtime': '/usr/share/zoneinfo/UTC',
      'root/etc/rel-in': '../usr/share/zoneinfo',
      'root/etc/deep-dots': '../../../../../../../../etc',
      'root/etc/abs-in-root': '$ROOT/usr',
      'root/etc/loop': 'loop',
    },
  );
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('rootPath (lexical)', () => {
  it('joins an absolute in-root path under the root', () => {
    expect(rootPath('/r', '/etc/hosts')).toBe('/r/etc/hosts');
    expect(rootPath('/r/', '//etc//./hosts')).toBe('/r/etc/hosts');
    expect(rootPath('/', '/etc/hosts')).toBe('/etc/hosts');
  });

  it('refuses "..", relative paths, NUL and a relative root', () => {
    for (const bad of ['/etc/../../x', '/..', '../etc', 'etc/hosts', '', '/etc/ho\0sts']) {
      expect(() => rootPath('/r', bad)).toThrow(RootPathError);
    }
    expect(() => rootPath('r', '/etc')).toThrow(/not an absolute path/);
  });

  it('isInside does not mistake a sibling with the same prefix for the inside', () => {
    expect(isInside('/r', '/r/etc')).toBe(true);
    expect(isInside('/r', '/r2/etc')).toBe(false);
    expect(isInside('/r', '/r/../x')).toBe(false);
  });
});

describe('reading follows links like a chroot', () => {
  it('an absolute link starts again at the root', () => {
    const files = createRootFiles(root);
    expect(files.read('/etc/localtime')).toBe('zone\n');
    expect(files.readlink('/etc/localtime')).toBe('/usr/share/zoneinfo/UTC');
    expect(files.read('/etc/rel-in/UTC')).toBe('zone\n');
  });

  it('a link pointing outside reads inside the root instead, never the outside file', () => {
    const files = createRootFiles(root);
    expect(files.read('/etc/abs-out/secret')).toBeUndefined();
    expect(files.read('/etc/rel-out/secret')).toBeUndefined();
    // "../" past the root stops at the root: /etc/deep-dots is the root's own /etc.
    expect(files.read('/etc/deep-dots/hosts')).toBe('in root\n');
  });

  it('a link loop is an error, not a hang', () => {
    expect(() => createRootFiles(root).read('/etc/loop')).toThrow(/too many levels/);
  });
});

describe('writing refuses links that lead outside', () => {
  it.each(['/etc/abs-out/secret', '/etc/rel-out/secret', '/etc/deep-dots/passwd'])('%s is refused', (path) => {
    expect(() => resolveInRoot(root, path, { forWrite: true, followLast: true })).toThrow(/outside the root/);
  });

  it('links that stay inside are followed', () => {
    expect(resolveInRoot(root, '/etc/rel-in/UTC', { forWrite: true, followLast: true })).toBe(join(root, 'usr/share/zoneinfo/UTC'));
    expect(resolveInRoot(root, '/etc/abs-in-root/x', { forWrite: true, followLast: true })).toBe(join(root, 'usr/x'));
  });

  it('the link itself is the target of remove and symlink changes', () => {
    expect(resolveInRoot(root, '/etc/abs-out', { forWrite: true, followLast: false })).toBe(join(root, 'etc/abs-out'));
  });

  it('applying a write through an escaping link fails before anything is written', async () => {
    const logs: string[] = [];
    const deps = { root, live: false, runner: async () => ({ exitCode: 0, stdout: '', stderr: '' }), log: createLogger((l) => logs.push(l)) };
    await expect(applyChanges([{ kind: 'write', path: '/etc/abs-out/secret', content: 'pwned' }], deps)).rejects.toThrow(
      /symbolic link .* outside the root/,
    );
    expect(() => inspectChange(root, { kind: 'mkdir', path: '/etc/rel-out/new' })).toThrow(RootPathError);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('outside\n');
    expect(existsSync(join(outside, 'new'))).toBe(false);
    expect(logs).toEqual([]);
  });

  it('never removes or replaces the root directory itself', () => {
    for (const path of ['/', '//', '/.']) {
      expect(() => inspectChange(root, { kind: 'remove', path })).toThrow(/the root directory itself/);
      expect(() => inspectChange(root, { kind: 'symlink', path, target: '/tmp' })).toThrow(/the root directory itself/);
      expect(() => inspectChange(root, { kind: 'write', path, content: '' })).toThrow(/the root directory itself/);
    }
    expect(existsSync(join(root, 'etc/hosts'))).toBe(true);
  });

  it('replacing an escaping link with a file or a new link does not touch its old target', async () => {
    const deps = { root, live: false, runner: async () => ({ exitCode: 0, stdout: '', stderr: '' }), log: createLogger(() => {}) };
    await applyChanges([{ kind: 'symlink', path: '/etc/abs-out', target: '/usr/share/zoneinfo/UTC' }], deps);
    await applyChanges([{ kind: 'remove', path: '/etc/rel-out' }], deps);
    expect(createRootFiles(root).read('/etc/abs-out')).toBe('zone\n');
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('outside\n');
  });
});
