// Gives tests the real built commands. Builds dist/ when a bundle is missing or older than the
// sources (under a lock, so parallel test files build once), then copies the two commands and
// the Python package into a private "installed" tree <tmp>/bin + <tmp>/python, the layout the
// runner expects (it finds templateconfig at <dir of the bundle>/../python). The copy also keeps
// the extensionless CommonJS bundles away from the repository's "type": "module" package.json.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOP = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const COMMANDS = ['ovm-chkconfig', 'ovm-template-config'] as const;
const SOURCES = ['template.d', 'package.json'];

/** The newest modification time under `path` (the file itself, or every file below a directory). */
export function newestSource(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((f) => newestSource(join(path, f))));
}

function isFresh(): boolean {
  const outputs = [...COMMANDS.map((c) => join(TOP, 'dist/bin', c)), join(TOP, 'dist/python/templateconfig/cli.py')];
  if (!outputs.every((o) => existsSync(o))) return false;
  const newest = Math.max(...SOURCES.map((s) => newestSource(join(TOP, s))));
  return outputs.every((o) => statSync(o).mtimeMs >= newest);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `build` holding the build lock, so that parallel test processes build dist/ one at a
 * time (a lock still held after 180 s of waiting is taken as stale and broken).
 */
export function underBuildLock(build: () => void): void {
  const lock = join(TOP, '.work/template.d-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      sleepSync(250);
    }
  }
  try {
    build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/ unless it is up to date; one builder at a time across test processes. */
export function ensureBuilt(): void {
  if (isFresh()) return;
  underBuildLock(() => {
    if (isFresh()) return;
    try {
      execFileSync('npx', ['--no-install', 'tsx', 'scripts/build.ts'], { cwd: TOP, stdio: 'pipe' });
    } catch {
      // Another engineer's bundle may fail to build; ours are checked just below.
    }
    if (!isFresh()) throw new Error('the build did not produce fresh dist/bin/ovm-chkconfig and ovm-template-config');
  });
}

export interface Installed {
  dir: string;
  bin(command: (typeof COMMANDS)[number]): string;
  remove(): void;
}

/** A private copy of the built commands and the Python package, as a package would install them. */
export function installCommands(): Installed {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'ovm-installed-'));
  mkdirSync(join(dir, 'bin'));
  for (const c of COMMANDS) cpSync(join(TOP, 'dist/bin', c), join(dir, 'bin', c));
  cpSync(join(TOP, 'dist/python'), join(dir, 'python'), { recursive: true });
  return {
    dir,
    bin: (command) => join(dir, 'bin', command),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
