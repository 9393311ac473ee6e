// The parameter store shared by the daemon and every `ovmd` command: one file per key, so
// concurrent writers never need a lock and every update is a single atomic rename. Secret keys
// live only under /run/ovmd (memory-backed); the rest under /var/lib/ovmd (shared spec ovmd.md,
// "State and files"); after a template cleanup, non-secret ones too go under /run/ovmd (seal.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Params } from '../../template.d/params/descriptor.js';
import { ensurePrivateDir, removeFileDurably, writeFileAtomic } from './atomic-file.js';
import type { OvmdPaths } from './paths.js';
import { liveParamsDir } from './seal.js';

/** Decides whether a key's value must stay off persistent disk. */
export type SecretTest = (key: string) => boolean;

/** A store refusal a user can act on (e.g. "no such parameter"). */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** File name for a key: readable when short, a hash when the encoded name would be too long. */
export function fileNameFor(key: string): string {
  const encoded = encodeURIComponent(key);
  if (encoded.length <= 200) return `k-${encoded}`;
  return `h-${createHash('sha256').update(key).digest('hex')}`;
}

/** The parameter store every ovmd process shares; safe for concurrent writers by construction. */
export class ParamStore {
  constructor(
    private readonly paths: OvmdPaths,
    private readonly isSecret: SecretTest,
  ) {}

  /** Stores (or replaces) one parameter, secret or not, atomically. */
  set(key: string, value: string): void {
    const secret = this.isSecret(key);
    const [target, other] = secret
      ? [this.paths.secretsDir, this.paramsDir()]
      : [this.paramsDir(), this.paths.secretsDir];
    ensurePrivateDir(target);
    writeFileAtomic(join(target, fileNameFor(key)), JSON.stringify({ key, value }));
    // A key that changed class must not leave an old copy behind.
    if (existsSync(join(other, fileNameFor(key)))) removeFileDurably(join(other, fileNameFor(key)));
  }

  get(key: string): string | undefined {
    for (const dir of [this.paths.secretsDir, this.paramsDir()]) {
      const entry = readEntry(join(dir, fileNameFor(key)));
      if (entry) return entry.value;
    }
    return undefined;
  }

  /** Removes one key; throws StoreError when it is not stored. */
  delete(key: string): void {
    let found = false;
    for (const dir of [this.paths.secretsDir, this.paramsDir()]) {
      const file = join(dir, fileNameFor(key));
      if (existsSync(file)) {
        removeFileDurably(file);
        found = true;
      }
    }
    if (!found) throw new StoreError(`no stored parameter named "${key}"`);
  }

  /** Every stored parameter, secrets included (for runs only; never for logs or messages). */
  all(): Params {
    return { ...this.readDir(this.paramsDir()), ...this.readDir(this.paths.secretsDir) };
  }

  /** Just the given keys (those stored): a cheap check for the trigger, whatever the store's size. */
  pick(keys: string[]): Params {
    const out: Params = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  /** Only the non-secret parameters. */
  publicParams(): Params {
    return this.readDir(this.paramsDir());
  }

  /** The stored secret values (for masking log lines): reads /run/ovmd only, whatever the store's size. */
  secretValues(): string[] {
    return Object.values(this.readDir(this.paths.secretsDir));
  }

  /** Names of the stored secret keys. */
  secretKeys(): string[] {
    return Object.keys(this.readDir(this.paths.secretsDir));
  }

  /** Deletes every secret (after a successful run). */
  wipeSecrets(): number {
    return this.clearDir(this.paths.secretsDir);
  }

  /** Deletes everything; returns how many keys were removed. */
  clear(): number {
    return this.clearDir(this.paramsDir()) + this.clearDir(this.paths.secretsDir);
  }

  /** Newest modification time of any stored parameter (0 when empty): a cheap change marker. */
  stamp(): number {
    let newest = 0;
    for (const dir of [this.paramsDir(), this.paths.secretsDir]) {
      for (const name of listEntries(dir)) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
    }
    return newest;
  }

  /** /var/lib/ovmd/params, or its stand-in under /run/ovmd after a cleanup (seal.ts). */
  private paramsDir(): string {
    return liveParamsDir(this.paths);
  }

  private readDir(dir: string): Params {
    const out: Params = {};
    for (const name of listEntries(dir).sort()) {
      const entry = readEntry(join(dir, name));
      if (entry) out[entry.key] = entry.value;
    }
    return out;
  }

  private clearDir(dir: string): number {
    const names = listEntries(dir);
    for (const name of names) removeFileDurably(join(dir, name));
    return names.length;
  }
}

function listEntries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.startsWith('k-') || n.startsWith('h-'));
}

function readEntry(file: string): { key: string; value: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as { key?: unknown; value?: unknown };
  if (typeof parsed.key !== 'string' || typeof parsed.value !== 'string') return undefined;
  return { key: parsed.key, value: parsed.value };
}
