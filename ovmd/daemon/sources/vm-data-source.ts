// XAPI's vm-data as a message source beside Oracle's channel: every node under vm-data is a
// parameter (ovmd/xapi/vm-data.ts), read when ovmd connects and on every watch event, and
// handed to the same intake as a channel message (validation, journal, trigger, secrecy).
// vm-data is a standing map the host writes again at each boot, so a key counts once per value:
// the values taken are remembered (non-secret ones on disk, secret ones only as a keyed hash in
// memory), and a secret's node is removed once it is stored, as far as the guest may.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { showKey } from '../../../template.d/params/key-name.js';
import type { Message } from '../../vmapi/message.js';
import type { XsPort } from '../../vmapi/xs-port.js';
import { readVmData, type VmDataEntry } from '../../xapi/vm-data.js';
import { VM_DATA_DIR } from '../../xapi/key-path.js';
import { ensurePrivateDir, writeFileAtomic } from '../atomic-file.js';
import type { Log } from '../log.js';
import type { OvmdPaths } from '../paths.js';
import { liveStateDir } from '../seal.js';

/** What the source needs from the daemon, injected. */
export interface VmDataSourceDeps {
  paths: OvmdPaths;
  connection: () => XsPort | undefined;
  /** The daemon's intake (Intake.accept): durable before this resolves. */
  accept(message: Message, n: number, origin: string): Promise<void>;
  isSecret(key: string): boolean;
  log: Log;
}

/** Reads vm-data on demand; scans are serialised and a request during one schedules one more. */
export class VmDataSource {
  private running: Promise<number> | undefined;
  private again = false;
  /** Non-secret values taken, by key (vm-data.json in the state directory). */
  private taken: Record<string, string> | undefined;
  /** Secrets that could not be removed: keyed hashes, so the same value is not taken twice. */
  private readonly secretsKept = new Map<string, string>();
  private readonly hashKey = randomBytes(32);
  private readonly warned = new Set<string>();

  constructor(private readonly deps: VmDataSourceDeps) {}

  /** Scans now, or once more after the scan in progress; resolves to how many keys were taken. */
  scan(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<number> {
    let total = 0;
    do {
      this.again = false;
      total += await this.scanOnce();
    } while (this.again);
    return total;
  }

  private async scanOnce(): Promise<number> {
    const xs = this.deps.connection();
    if (!xs) return 0;
    const { entries, refused } = await readVmData(xs);
    for (const r of refused) this.warnOnce(`refused:${r.path}:${r.reason}`, `ignoring ${r.path}: ${r.reason}`);
    let count = 0;
    for (const entry of entries) if (await this.take(xs, entry)) count++;
    this.forgetRemoved(entries);
    return count;
  }

  private async take(xs: XsPort, entry: VmDataEntry): Promise<boolean> {
    const secret = this.deps.isSecret(entry.key);
    if (secret ? this.secretsKept.get(entry.key) === this.hash(entry.value) : this.takenValues()[entry.key] === entry.value) return false;
    await this.deps.accept({ key: entry.key, value: entry.value }, 0, entry.path);
    if (secret) await this.removeSecret(xs, entry);
    else this.remember(entry.key, entry.value);
    return true;
  }

  /** Stored first, removed after (like a channel message); a node the guest may not delete stays. */
  private async removeSecret(xs: XsPort, entry: VmDataEntry): Promise<void> {
    try {
      await xs.rm(entry.path);
      this.secretsKept.delete(entry.key);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT') return;
      this.secretsKept.set(entry.key, this.hash(entry.value));
      const why = code === 'EACCES'
        ? 'this guest may not delete it (the host wrote it into a vm-data it did not give to the guest); dom0 can still read it'
        : (error as Error).message;
      this.deps.log.warn(`stored the secret ${showKey(entry.key)} but cannot remove ${entry.path} from xenstore: ${why}`);
    }
  }

  private forgetRemoved(entries: VmDataEntry[]): void {
    const present = new Set(entries.map((e) => e.key));
    const taken = this.takenValues();
    const gone = Object.keys(taken).filter((k) => !present.has(k));
    if (gone.length === 0) return;
    const next = { ...taken };
    for (const k of gone) delete next[k];
    this.save(next);
  }

  private remember(key: string, value: string): void {
    this.save({ ...this.takenValues(), [key]: value });
  }

  private takenValues(): Record<string, string> {
    if (this.taken) return this.taken;
    try {
      const file = this.file();
      this.taken = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
    } catch {
      this.taken = {};
    }
    return this.taken;
  }

  private save(next: Record<string, string>): void {
    ensurePrivateDir(liveStateDir(this.deps.paths));
    writeFileAtomic(this.file(), `${JSON.stringify(next)}\n`, 0o600, false);
    this.taken = next;
  }

  /** In the live state directory, so a sealed template forgets it like the rest (seal.ts). */
  private file(): string {
    return join(liveStateDir(this.deps.paths), `${VM_DATA_DIR}.json`);
  }

  private hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex');
  }

  private warnOnce(id: string, message: string): void {
    if (this.warned.has(id)) return;
    this.warned.add(id);
    this.deps.log.warn(message);
  }
}
