// Builds the packages the way `make rpm` does (man pages, tarball, rpmbuild -ta) into a scratch
// directory, from the bundles `make build` left in dist/, and queries them with the real rpm.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const top = resolve(import.meta.dirname, '../../..');

export interface BuiltRpms {
  /** The private copy of dist/ (bin, modules, python, man) the packages were made from. */
  inputs: string;
  /** Binary packages by package name. */
  packages: Map<string, string>;
  srpm: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd: top, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Why: every packaging test starts from packages built exactly as `make rpm` builds them. */
export function buildRpms(work: string): BuiltRpms {
  // A private copy of the build output and private man pages: other builds may rewrite dist/
  // while the tests run.
  const inputs = join(work, 'built');
  for (const dir of ['bin', 'modules', 'python']) cpSync(join(top, 'dist', dir), join(inputs, dir), { recursive: true });
  run('npx', ['--no-install', 'tsx', 'scripts/man.ts', '--out', join(inputs, 'man')]);
  run('npx', ['--no-install', 'tsx', 'scripts/completion.ts', '--out', join(inputs, 'completion')]);
  const tarball = run('npx', ['--no-install', 'tsx', 'scripts/dist.ts', '--built', inputs, '--out', work]).trim().split('\n').pop()!;
  run(join(top, 'scripts/rpm.sh'), [tarball], { RPM_TOPDIR: join(work, 'rpm') });
  const dir = join(work, 'rpm/RPMS/noarch');
  const packages = new Map<string, string>();
  for (const file of readdirSync(dir)) packages.set(query(join(dir, file), '%{NAME}'), join(dir, file));
  const [srpm] = readdirSync(join(work, 'rpm/SRPMS'));
  return { inputs, packages, srpm: join(work, 'rpm/SRPMS', srpm!) };
}

/** `rpm -qp --queryformat FORMAT` on one package file. */
export function query(rpmFile: string, format: string): string {
  return execFileSync('rpm', ['-qp', '--nosignature', '--queryformat', format, rpmFile], { encoding: 'utf8' });
}

/** Runs a scriptlet's text with sh and the given $1, after replacing what must be relocated. */
export function runScriptlet(text: string, arg: number, replace: [string, string][]): string {
  let script = text;
  for (const [from, to] of replace) {
    if (!script.includes(from)) throw new Error(`scriptlet does not mention ${from}:\n${text}`);
    script = script.split(from).join(to);
  }
  return execFileSync('sh', ['-c', script, 'sh', String(arg)], { encoding: 'utf8' });
}
