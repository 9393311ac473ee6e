// `make dist`: the tarball is reproducible, carries what the spec installs, and a missing input
// stops it before anything is written. Needs `make build` (dist/).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { top } from './helpers/rpms.js';

let work: string;

function dist(args: string[]) {
  return spawnSync('npx', ['--no-install', 'tsx', 'scripts/dist.ts', ...args], {
    cwd: top,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1780000000' },
    timeout: 120_000,
  });
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ovm-dist-'));
  // A private copy of the build output and private man pages: other builds may rewrite dist/
  // while this test runs.
  for (const dir of ['bin', 'modules', 'python']) cpSync(join(top, 'dist', dir), join(work, 'built', dir), { recursive: true });
  const man = spawnSync('npx', ['--no-install', 'tsx', 'scripts/man.ts', '--out', join(work, 'built/man')], { cwd: top, encoding: 'utf8' });
  if (man.status !== 0) throw new Error(man.stderr);
  const completion = spawnSync('npx', ['--no-install', 'tsx', 'scripts/completion.ts', '--out', join(work, 'built/completion')], { cwd: top, encoding: 'utf8' });
  if (completion.status !== 0) throw new Error(completion.stderr);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('make dist', () => {
  it('makes the same tarball twice from the same inputs', () => {
    const a = dist(['--built', join(work, 'built'), '--out', join(work, 'a')]);
    const b = dist(['--built', join(work, 'built'), '--out', join(work, 'b')]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const [name] = readdirSync(join(work, 'a'));
    expect(name).toMatch(/^ovm-guest-toolkit-\d+\.\d+\.\d+\.tar\.gz$/);
    expect(sha(join(work, 'a', name!))).toBe(sha(join(work, 'b', name!)));
  });

  it('carries the spec, the licence, the bundles, the pages and the service files, owned by root', () => {
    const [name] = readdirSync(join(work, 'a'));
    const list = spawnSync('tar', ['-tvzf', join(work, 'a', name!)], { encoding: 'utf8' }).stdout.trim().split('\n');
    const base = name!.replace(/\.tar\.gz$/, '');
    const paths = list.map((l) => l.split(/\s+/).pop()!.replace(`${base}/`, ''));
    for (const p of ['ovm-guest-toolkit.spec', 'COPYING', 'bin/ovmd', 'modules/network', 'man/ovmd.8', 'completion/ovmd', 'completion/zsh/_ovmd',
      'python/templateconfig/__init__.py', 'packaging/sysv/ovmd', 'packaging/systemd/ovmd.service']) {
      expect(paths).toContain(p);
    }
    expect(list.every((l) => l.split(/\s+/)[1] === '0/0')).toBe(true);
    expect(paths.some((p) => p.includes('node_modules') || p.includes('__pycache__'))).toBe(false);
  });

  it('names every missing input with what to run, and writes nothing', () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const r = dist(['--built', empty, '--out', join(work, 'c')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dist: cannot make the tarball');
    expect(r.stderr).toContain(`${empty}/bin/ovmd (run \`make build\`)`);
    expect(r.stderr).toContain(`${empty}/man/ovmd.8 (run \`make man\`)`);
    expect(r.stderr).toContain(`${empty}/completion/ovmd (run \`make completion\`)`);
    expect(existsSync(join(work, 'c'))).toBe(false);
  });

  it('refuses an unknown argument with its usage', () => {
    const r = dist(['--bogus']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('usage: scripts/dist.ts [--built DIR] [--out DIR]');
  });
});
