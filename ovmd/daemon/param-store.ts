// The parameter store shared by the daemon and every `ovmd` command: one file per key, so
// concurrent writers never need a lock and every update is a single atomic rename. Secret keys
// live only under /run/ovmd (memory-backed); the rest under /var/lib/ovmd (shared spec ovmd.md,
// "State and files"); after a template cleanup, non-secret ones too go under /run/ovmd (seal.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Params } from '../../template.d/params/descriptor.js';
import { checkKeyName, showKey } from '../../template.d/params/key-name.js';
import { ensurePrivateDir, removeFileDurably, flushToDisk, writeFileAtomic } from './atomic-file.js';
import { JOURNAL_NAME, JournalFullError, readJournal, type IntakeJournal, type JournalEntry } from './intake-journal.js';
import type { OvmdPaths } from './paths.js';
import { liveParamsDir, liveStateDir } from './seal.js';
import { counted } from '../../template.d/render/plural.js';
import { fileNameFor } from './param-file-name.js';

/** Decides whether a key's value must stay off persistent disk. */
export type SecretTest = (key: string) => boolean;

/** A store refusal a user can act on (e.g. "no such parameter"). */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export { fileNameFor } from './param-file-name.js';

/** Where the daemon's intake journal lives now (it follows the state directory, seal.ts). */
export function journalFile(paths: OvmdPaths): string {
  return join(liveStateDir(paths), JOURNAL_NAME);
}

/** The daemon's side of the store: its journal, and what must happen before the journal is emptied. */
export interface JournalOwner {
  journal: IntakeJournal;
  /** Called once the journal's entries are in the store files, before the journal is zeroed. */
  beforeReset?: () => void;
}

/**
 * The parameter store every ovmd process shares; safe for concurrent writers by construction.
 * Reads see the store files with the daemon's intake journal laid over them (the values that
 * arrived last); only the daemon (the journal's owner) writes the journal and applies it.
 */
export class ParamStore {
  constructor(
    private readonly paths: OvmdPaths,
    private readonly isSecret: SecretTest,
    private readonly owner?: JournalOwner,
  ) {}

  /**
   * The daemon's intake path: a non-secret value becomes durable in the journal (one data-only
   * flush); a secret goes to /run/ovmd (memory-backed) after the journal is applied, so the
   * order of arrival is kept. Says where the value went.
   */
  receive(key: string, value: string): 'journal' | 'store' {
    checkKeyName(key);
    const journal = this.owner?.journal;
    if (!journal || this.isSecret(key)) {
      this.set(key, value);
      return 'store';
    }
    try {
      journal.append({ key, value });
    } catch (error) {
      if (!(error instanceof JournalFullError)) throw error;
      this.checkpoint();
      journal.append({ key, value });
    }
    return 'journal';
  }

  /** How many received values are in the journal and not yet in the store files. */
  pendingCount(): number {
    return this.owner?.journal.entries().length ?? 0;
  }

  /**
   * Applies the journal to the store files (the last value of each key), flushes them, then
   * empties the journal; returns how many keys were written. A crash at any point leaves the
   * journal in place, and applying it again writes the same values.
   */
  checkpoint(): number {
    const journal = this.owner?.journal;
    const entries = journal?.entries() ?? [];
    if (!journal || entries.length === 0) return 0;
    const latest = overlay(entries);
    const written = new Set<string>();
    for (const [key, value] of Object.entries(latest)) written.add(this.write(key, value, false));
    for (const file of written) flushToDisk(file);
    for (const dir of new Set([...written].map((f) => dirname(f)))) flushToDisk(dir);
    this.owner?.beforeReset?.();
    journal.reset();
    return written.size;
  }

  /** Stores (or replaces) one parameter, secret or not, atomically. */
  set(key: string, value: string): void {
    checkKeyName(key); // every way in ends here: a key that could pose as another is never stored
    this.refuseWhilePending((k) => k === key, `cannot set ${key}`);
    this.checkpoint(); // anything received earlier goes first
    this.write(key, value, true);
  }

  /** Writes one key's file in its class's directory; returns the file. */
  private write(key: string, value: string, durable: boolean): string {
    const secret = this.isSecret(key);
    const [target, other] = secret
      ? [this.paths.secretsDir, this.paramsDir()]
      : [this.paramsDir(), this.paths.secretsDir];
    ensurePrivateDir(target);
    const file = join(target, fileNameFor(key));
    writeFileAtomic(file, JSON.stringify({ key, value }), 0o600, durable);
    // A key that changed class must not leave an old copy behind.
    if (existsSync(join(other, fileNameFor(key)))) removeFileDurably(join(other, fileNameFor(key)));
    return file;
  }

  /** The received values not yet applied: the daemon's in memory, anyone else's read from the file. */
  private pending(): readonly JournalEntry[] {
    return this.owner ? this.owner.journal.entries() : readJournal(journalFile(this.paths));
  }

  /** Refuses to change a key the daemon is still applying: its value would come back. */
  private refuseWhilePending(keys: (key: string) => boolean, what: string): void {
    if (this.owner) return;
    const busy = this.pending().filter((e) => keys(e.key));
    if (busy.length > 0) {
      throw new StoreError(`${what}: the daemon is still storing ${counted(busy.length, 'value')} that just arrived from the host; try again in a second`);
    }
  }

  get(key: string): string | undefined {
    return this.lookup(key, this.pending());
  }

  private lookup(key: string, pending: readonly JournalEntry[]): string | undefined {
    for (let i = pending.length - 1; i >= 0; i--) if (pending[i]!.key === key) return pending[i]!.value;
    for (const dir of [this.paths.secretsDir, this.paramsDir()]) {
      const entry = readEntry(join(dir, fileNameFor(key)));
      if (entry) return entry.value;
    }
    return undefined;
  }

  /** Removes one key; throws StoreError when it is not stored. */
  delete(key: string): void {
    this.refuseWhilePending((k) => k === key, `cannot remove ${key}`);
    this.checkpoint();
    let found = false;
    for (const dir of [this.paths.secretsDir, this.paramsDir()]) {
      const file = join(dir, fileNameFor(key));
      if (existsSync(file)) {
        removeFileDurably(file);
        found = true;
      }
    }
    if (!found) throw new StoreError(`no stored parameter named ${showKey(key)}`);
  }

  /** Every stored parameter, secrets included (for runs only; never for logs or messages). */
  all(): Params {
    return { ...this.readDir(this.paramsDir()), ...this.readDir(this.paths.secretsDir), ...overlay(this.pending()) };
  }

  /** Just the given keys (those stored): a cheap check for the trigger, whatever the store's size. */
  pick(keys: string[]): Params {
    const out: Params = {};
    const pending = this.pending();
    for (const key of keys) {
      const value = this.lookup(key, pending);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  /** Only the non-secret parameters. */
  publicParams(): Params {
    const received = overlay(this.pending().filter((e) => !this.isSecret(e.key)));
    return { ...this.readDir(this.paramsDir()), ...received };
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
    this.checkpoint();
    return this.clearDir(this.paths.secretsDir);
  }

  /** Deletes everything; returns how many keys were removed. */
  clear(): number {
    this.refuseWhilePending(() => true, 'cannot clear the store');
    this.checkpoint();
    return this.clearDir(this.paramsDir()) + this.clearDir(this.paths.secretsDir);
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

/** Journal entries as parameters, the later value of a key winning. */
function overlay(entries: readonly JournalEntry[]): Params {
  const out: Params = {};
  for (const e of entries) out[e.key] = e.value;
  return out;
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
