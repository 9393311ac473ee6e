// `make completion`: one bash and one zsh completion file per command, rendered from the
// option declarations the CLIs parse with (packaging/man/sources.ts), into
// dist/completion/<command> (bash) and dist/completion/zsh/_<command> (zsh).
//
//   npx tsx scripts/completion.ts [--out DIR]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBashCompletion } from '../packaging/completion/render-bash.js';
import { renderZshCompletion, zshFileName } from '../packaging/completion/render-zsh.js';
import { loadSpecs } from '../packaging/man/sources.js';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function outDir(argv: string[]): string {
  if (argv.length === 0) return join(top, 'dist/completion');
  if (argv.length === 2 && argv[0] === '--out') return resolve(argv[1]!);
  throw new Error(`usage: scripts/completion.ts [--out DIR] (got "${argv.join(' ')}")`);
}

/** Written beside and renamed over, so a shell never loads half a file. */
function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp-${process.pid}`, text);
  renameSync(`${file}.tmp-${process.pid}`, file);
}

async function main(): Promise<void> {
  const out = outDir(process.argv.slice(2));
  const { loaded, missing } = await loadSpecs(top);
  if (missing.length) throw new Error(`option declarations missing: ${missing.join(', ')}`);
  mkdirSync(join(out, 'zsh'), { recursive: true });
  for (const { spec, source } of loaded) {
    writeAtomically(join(out, spec.name), renderBashCompletion(spec, source));
    writeAtomically(join(out, 'zsh', zshFileName(spec.name)), renderZshCompletion(spec, source));
  }
  console.log(`completion: ${loaded.length} bash files in ${out}, ${loaded.length} zsh files in ${join(out, 'zsh')} (${loaded.map((l) => l.spec.name).join(', ')})`);
}

main().catch((error: unknown) => {
  console.error(`completion: ${(error as Error).message}`);
  process.exit(1);
});
