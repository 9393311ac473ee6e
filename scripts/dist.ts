// `make dist`: the source tarball that `rpmbuild -ta` turns into the RPMs. It carries the built
// bundles (dist/bin, dist/modules, dist/python), the man pages (dist/man), the service and
// settings files from packaging/ and the rendered spec, so a build host needs no Node.js.
//
//   npx tsx scripts/dist.ts [--built DIR] [--out DIR]
// --built: where the bundles and man pages are (default dist/); --out: where the tarball goes
// (default dist/). Prints the tarball's path on stdout. Environment: RELEASE (default 1),
// SOURCE_DATE_EPOCH (the changelog date and file times; default: the last commit's date).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderSpec, type ModuleInfo } from '../packaging/spec/render-spec.js';
import { tarballEntries } from '../packaging/spec/tarball.js';
import { counted } from '../template.d/render/plural.js';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Options {
  built: string;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { built: join(top, 'dist'), out: join(top, 'dist') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag !== '--built' && flag !== '--out') || !value) {
      throw new Error(`usage: scripts/dist.ts [--built DIR] [--out DIR] (got "${argv.join(' ')}")`);
    }
    options[flag === '--built' ? 'built' : 'out'] = resolve(value);
  }
  return options;
}

function git(...args: string[]): string {
  const r = spawnSync('git', args, { cwd: top, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** The module registry is the list of module packages; each entry's header text describes it. */
async function loadModules(): Promise<ModuleInfo[]> {
  const { MODULES } = await import(pathToFileURL(join(top, 'modules/registry.ts')).href);
  return (MODULES as ModuleInfo[]).map(({ name, description }) => ({ name, description }));
}

function epoch(): number {
  const fromEnv = Number(process.env.SOURCE_DATE_EPOCH);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const fromGit = Number(git('log', '-1', '--format=%ct'));
  return Number.isInteger(fromGit) && fromGit > 0 ? fromGit : Math.floor(Date.now() / 1000);
}

function packager(): string {
  const name = git('config', 'user.name') || 'ovm-guest-toolkit maintainers';
  const email = git('config', 'user.email') || 'nobody@localhost';
  return `${name} <${email}>`;
}

/** Writes the tarball; every input is checked first so a missing one changes nothing. */
async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { version } = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8')) as { version: string };
  const modules = await loadModules();
  const entries = tarballEntries({ top, built: options.built, modules: modules.map((m) => m.name) });
  const missing = entries.filter((e) => !existsSync(e.from));
  if (missing.length) {
    const lines = missing.map((e) => `  ${e.from} (${e.hint})`);
    throw new Error(`cannot make the tarball, ${counted(missing.length, 'input')} missing:\n${lines.join('\n')}`);
  }
  const when = epoch();
  const spec = renderSpec(readFileSync(join(top, 'packaging/ovm-guest-toolkit.spec.in'), 'utf8'), {
    version,
    release: process.env.RELEASE || '1',
    modules,
    date: new Date(when * 1000),
    packager: packager(),
  });
  const base = `ovm-guest-toolkit-${version}`;
  const stage = mkdtempSync(join(tmpdir(), 'ovm-dist-'));
  try {
    for (const e of entries) cpSync(e.from, join(stage, base, e.to), { recursive: true, filter: (p) => !p.includes('__pycache__') });
    writeFileSync(join(stage, base, 'ovm-guest-toolkit.spec'), spec);
    mkdirSync(options.out, { recursive: true });
    const tarball = join(options.out, `${base}.tar.gz`);
    const tar = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${when}`,
      '--use-compress-program=gzip -n', '-cf', tarball, '-C', stage, base], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`tar failed (exit ${tar.status})`);
    console.log(tarball);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`dist: ${(error as Error).message}`);
  process.exit(1);
});
