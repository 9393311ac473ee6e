// Loads the key catalog, asking the modules (enumerate) only when the set of enabled configure
// modules changed since the last time. The cache lives under /run/ovmd and is keyed by a cheap
// signature of /etc/template.d (names and mtimes), so `ovmd -p` stays fast.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from './atomic-file.js';
import { buildCatalog, catalogFromJson, catalogToJson, type KeyCatalog } from './catalog.js';
import type { Engine } from './engine.js';
import type { OvmdPaths } from './paths.js';

/** Names, sizes and mtimes of the enabled configure modules and the scripts they point to. */
export function templateSignature(paths: OvmdPaths): string {
  const parts: string[] = [];
  for (const sub of ['configure.d', 'scripts']) {
    const dir = join(paths.templateDir, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      try {
        const s = statSync(join(dir, name));
        parts.push(`${sub}/${name}:${s.size}:${s.mtimeMs}`);
      } catch {
        parts.push(`${sub}/${name}:dangling`);
      }
    }
  }
  return parts.join('|');
}

/** The catalog for the current modules: from the cache when still valid, else enumerated. */
export async function loadCatalog(paths: OvmdPaths, engine: Engine): Promise<KeyCatalog> {
  const signature = templateSignature(paths);
  const file = join(paths.runDir, 'catalog.json');
  if (existsSync(file)) {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as { signature: string; catalog: object };
      if (cached.signature === signature) return catalogFromJson(cached.catalog);
    } catch {
      // an unreadable cache is rebuilt below
    }
  }
  const catalog = buildCatalog(await engine.enumerate('configure'));
  // The one secret rule: a key any installed module flags is secret, even if that module is off.
  for (const key of (await engine.installedSecretKeys?.()) ?? []) catalog.secret.add(key);
  ensurePrivateDir(paths.runDir);
  writeFileAtomic(file, JSON.stringify({ signature, catalog: catalogToJson(catalog) }));
  return catalog;
}
