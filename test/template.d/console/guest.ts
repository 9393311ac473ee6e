// A scratch guest for the console and OVF tests: a fixture root (test/helpers/roots.ts) with
// every built-in module bundle from dist/modules installed in /etc/template.d/scripts and
// enabled by the real ovm-chkconfig, as the RPMs' %post does. Builds dist/ first when any
// bundle is missing or older than the sources (one builder at a time across test files).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeRoot, type Family } from '../../helpers/roots.js';
import { newestSource, TOP, underBuildLock } from '../helpers/built.js';

export const BIN = join(TOP, 'dist/bin');
export const MODULE_NAMES = ['authentication', 'datetime', 'firewall', 'network', 'selinux', 'ssh', 'system', 'user'];
const OUTPUTS = [
  ...['ovm-chkconfig', 'ovm-template-config', 'ovmd', 'ovm-vmmessage'].map((c) => join(BIN, c)),
  ...MODULE_NAMES.map((m) => join(TOP, 'dist/modules', m)),
];
const SOURCES = ['template.d', 'ovmd', 'modules', 'package.json'];

function fresh(): boolean {
  if (!OUTPUTS.every((o) => existsSync(o))) return false;
  const source = Math.max(...SOURCES.map((s) => newestSource(join(TOP, s))));
  return OUTPUTS.every((o) => statSync(o).mtimeMs >= source);
}

/** Builds dist/ unless every bundle these tests use is up to date. */
export function ensureDist(): void {
  if (fresh()) return;
  underBuildLock(() => {
    if (!fresh()) execFileSync('npx', ['--no-install', 'tsx', 'scripts/build.ts'], { cwd: TOP, stdio: 'pipe' });
  });
  if (!OUTPUTS.every((o) => existsSync(o))) throw new Error('the build did not produce every bundle the console tests need');
}

/** Why: a guest root set up like an installed system, with all built-in modules enabled. */
export function makeGuest(family: Family = 'el9', extra: Record<string, string> = {}): string {
  const root = makeRoot(family, extra);
  const scripts = join(root, 'etc/template.d/scripts');
  mkdirSync(scripts, { recursive: true });
  for (const name of MODULE_NAMES) {
    copyFileSync(join(TOP, 'dist/modules', name), join(scripts, name));
    execFileSync(join(BIN, 'ovm-chkconfig'), ['--root', root, '--add', name], { stdio: 'pipe' });
  }
  return root;
}

/** Why: checks that root's crypt hash in a shadow file's text is the hash of `password`. */
export function rootPasswordIs(shadow: string, password: string): boolean {
  const hash = shadow.split('\n').find((l) => l.startsWith('root:'))?.split(':')[1] ?? '';
  const salt = /^\$6\$([^$]+)\$/.exec(hash)?.[1];
  if (salt === undefined) return false;
  const again = execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: password, encoding: 'utf8' }).trim();
  return again === hash;
}
