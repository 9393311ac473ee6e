// What the enabled configure modules say about keys: which ones are required (the trigger),
// which are secrets, which are known at all. Everything the daemon decides about a key comes
// from these declarations (house style: schema first), plus a name-based safety net for secrets.
import type { Params } from '../../template.d/params/descriptor.js';
import { looksSecret } from '../../template.d/params/secrets.js';
import type { EnabledModule } from './engine.js';


/** The keys that matter to the daemon, from the modules' own declarations. */
export interface KeyCatalog {
  required: string[];
  secret: Set<string>;
  known: Set<string>;
}

/** Builds the catalog from the enumerate output of the configure target. */
export function buildCatalog(modules: EnabledModule[]): KeyCatalog {
  const required = new Set<string>();
  const secret = new Set<string>();
  const known = new Set<string>();
  for (const mod of modules) {
    for (const d of mod.descriptors) {
      known.add(d.key);
      if (d.required) required.add(d.key);
      if (d.password) secret.add(d.key);
    }
  }
  return { required: [...required].sort(), secret, known };
}

/** True when a key's value must stay off persistent disk and out of every message and log. */
export function isSecretKey(catalog: KeyCatalog | undefined, key: string): boolean {
  // A name that looks secret is secret without any module (template.d/params/secrets.ts), so a
  // password sent before its module is installed still stays off persistent disk.
  return (catalog?.secret.has(key) ?? false) || looksSecret(key);
}

/** True when every required key is present: configuration may run. Never true with no required key. */
export function triggerReady(catalog: KeyCatalog, params: Params): boolean {
  return catalog.required.length > 0 && catalog.required.every((k) => params[k] !== undefined);
}

/** The required keys still missing, for "waiting for …" messages. */
export function missingRequired(catalog: KeyCatalog, params: Params): string[] {
  return catalog.required.filter((k) => params[k] === undefined);
}

/** Serialisable form, for the cache under /run/ovmd. */
export function catalogToJson(catalog: KeyCatalog): object {
  return { required: catalog.required, secret: [...catalog.secret].sort(), known: [...catalog.known].sort() };
}

/** Inverse of catalogToJson, tolerant of missing fields in an old cache. */
export function catalogFromJson(json: { required?: string[]; secret?: string[]; known?: string[] }): KeyCatalog {
  return { required: json.required ?? [], secret: new Set(json.secret ?? []), known: new Set(json.known ?? []) };
}
