// `make man`: one man page per command, rendered from the option declarations the CLIs parse
// with (packaging/man/sources.ts), into dist/man/<command>.8. A declaration that has not
// landed yet is skipped and named.
//
//   npx tsx scripts/man.ts [--out DIR]
// Environment: SOURCE_DATE_EPOCH sets the page date (default: the last commit's date).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderManPage } from '../packaging/man/render-man.js';
import { loadSpecs, SPEC_SOURCES } from '../packaging/man/sources.js';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function outDir(argv: string[]): string {
  if (argv.length === 0) return join(top, 'dist/man');
  if (argv.length === 2 && argv[0] === '--out') return resolve(argv[1]!);
  throw new Error(`usage: scripts/man.ts [--out DIR] (got "${argv.join(' ')}")`);
}

/** The page date: reproducible from SOURCE_DATE_EPOCH or the last commit. */
function pageDate(): string {
  let epoch = Number(process.env.SOURCE_DATE_EPOCH);
  if (!(Number.isInteger(epoch) && epoch > 0)) {
    const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: top, encoding: 'utf8' });
    epoch = Number(git.stdout.trim()) || Math.floor(Date.now() / 1000);
  }
  return new Date(epoch * 1000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const out = outDir(process.argv.slice(2));
  const { version } = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8')) as { version: string };
  const { loaded, missing } = await loadSpecs(top);
  const related = SPEC_SOURCES.map((s): [string, number] => [s.command, 8]);
  mkdirSync(out, { recursive: true });
  for (const { spec, source } of loaded) {
    const page = renderManPage(spec, { source, date: pageDate(), footer: `ovm-guest-toolkit ${version}`, related });
    // Written beside and renamed over, so a reader never sees half a page.
    const file = join(out, `${spec.name}.${spec.section}`);
    writeFileSync(`${file}.tmp-${process.pid}`, page);
    renameSync(`${file}.tmp-${process.pid}`, file);
  }
  console.log(`man: ${loaded.length} pages in ${out} (${loaded.map((l) => l.spec.name).join(', ') || 'none'})`);
  for (const file of missing) console.log(`man: skipped, not written yet: ${file}`);
}

main().catch((error: unknown) => {
  console.error(`man: ${(error as Error).message}`);
  process.exit(1);
});
