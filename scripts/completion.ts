// `make completion`: one bash completion file per command, rendered from the option
// declarations the CLIs parse with (packaging/man/sources.ts), into dist/completion/<command>.
//
//   npx tsx scripts/completion.ts [--out DIR]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBashCompletion } from '../packaging/completion/render-bash.js';
import { loadSpecs } from '../packaging/man/sources.js';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function outDir(argv: string[]): string {
  if (argv.length === 0) return join(top, 'dist/completion');
  if (argv.length === 2 && argv[0] === '--out') return resolve(argv[1]!);
  throw new Error(`usage: scripts/completion.ts [--out DIR] (got "${argv.join(' ')}")`);
}

async function main(): Promise<void> {
  const out = outDir(process.argv.slice(2));
  const { loaded, missing } = await loadSpecs(top);
  if (missing.length) throw new Error(`option declarations missing: ${missing.join(', ')}`);
  mkdirSync(out, { recursive: true });
  for (const { spec, source } of loaded) {
    // Written beside and renamed over, so a shell never sources half a file.
    const file = join(out, spec.name);
    writeFileSync(`${file}.tmp-${process.pid}`, renderBashCompletion(spec, source));
    renameSync(`${file}.tmp-${process.pid}`, file);
  }
  console.log(`completion: ${loaded.length} bash files in ${out} (${loaded.map((l) => l.spec.name).join(', ')})`);
}

main().catch((error: unknown) => {
  console.error(`completion: ${(error as Error).message}`);
  process.exit(1);
});
