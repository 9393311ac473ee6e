// The daemon's durable notes about its own progress, kept under /var/lib/ovmd so a restart
// after kill -9 resumes exactly where it stopped: the last channel message processed, and the
// record of the current or last configuration run with the follow-up steps already done.
// After a template cleanup they go under /run/ovmd instead (seal.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, removeFileDurably, writeFileAtomic } from './atomic-file.js';
import type { OvmdPaths } from './paths.js';
import type { RunSummary } from './run-summary.js';
import { liveStateDir } from './seal.js';

/** A run in progress, or finished with the follow-ups (wipe, disarm, report) marked as done. */
export type RunRecord =
  | { phase: 'running'; target: string; startedAt: string; firstBoot: boolean }
  | {
      phase: 'done';
      target: string;
      summary: RunSummary;
      firstBoot: boolean;
      wiped: boolean;
      disarmed: boolean;
      reported: boolean;
    };

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Durable small state: counters and the run record. */
export class DaemonState {
  private last: number;
  /**
   * sent.json as last read or written: only this daemon writes it, so the idle period reads no
   * file. Kept under /run/ovmd, so for one boot: a restarted daemon does not send again what the
   * host already has, but after a reboot the host has a new domain with an empty channel, which
   * must be told the addresses again even if they did not change.
   */
  private sent: Record<string, string> | undefined;

  constructor(private readonly paths: OvmdPaths) {
    this.last = readJson<{ n: number }>(this.file('channel.json'))?.n ?? 0;
  }

  lastProcessed(): number {
    return this.last;
  }

  /** Only a hint (it detects a counter going back), so it is written without fsync. */
  async setLastProcessed(n: number): Promise<void> {
    this.last = n;
    this.write('channel.json', { n }, false);
  }

  runRecord(): RunRecord | undefined {
    return readJson<RunRecord>(this.file('run.json'));
  }

  saveRunRecord(record: RunRecord): void {
    this.write('run.json', record);
  }

  /** The JSON last sent for a report key, so each report is sent only when it changed. */
  lastSent(key: string): string | undefined {
    return this.sentReports()[key];
  }

  markSent(key: string, value: string): void {
    const all = { ...this.sentReports(), [key]: value };
    ensurePrivateDir(this.paths.runDir);
    writeFileAtomic(join(this.paths.runDir, 'sent.json'), `${JSON.stringify(all)}\n`, 0o600, false);
    this.sent = all; // only once the file holds it: a failed write leaves the old memory
  }

  private sentReports(): Record<string, string> {
    this.sent ??= readJson<Record<string, string>>(join(this.paths.runDir, 'sent.json')) ?? {};
    return this.sent;
  }

  /** Marks "parameters arrived since the last run started" (durable, set before a node is deleted). */
  markNewParams(): void {
    if (!existsSync(this.file('new-params'))) this.write('new-params', { at: new Date().toISOString() });
  }

  hasNewParams(): boolean {
    return existsSync(this.file('new-params'));
  }

  clearNewParams(): void {
    if (existsSync(this.file('new-params'))) removeFileDurably(this.file('new-params'));
  }

  private file(name: string): string {
    return join(liveStateDir(this.paths), name);
  }

  private write(name: string, value: unknown, durable = true): void {
    ensurePrivateDir(liveStateDir(this.paths));
    writeFileAtomic(this.file(name), `${JSON.stringify(value)}\n`, 0o600, durable);
  }
}
