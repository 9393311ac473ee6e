// Runs every benchmark file in scripts/bench (sorted), then prints one JSON object per
// benchmark as the last lines of output:
//   {"bench": "...", "unit": "...", "ours": N, "peer": "...", "peer_value": N}
// A benchmark file exports `default async function (): Promise<BenchResult[]>`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  bench: string;
  unit: string;
  ours: number;
  peer: string;
  peer_value: number | null;
}

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const results: BenchResult[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  results.push(...(await mod.default()));
}
for (const r of results) console.log(JSON.stringify(r));
