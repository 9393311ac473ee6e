// VMAPIEvent messages waiting to be handled, kept in a durable file so that an event whose
// xenstore node was already deleted is not lost by a crash before it ran.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from './atomic-file.js';
import type { OvmdPaths } from './paths.js';

export class EventQueue {
  private readonly file: string;

  constructor(private readonly paths: OvmdPaths) {
    this.file = join(paths.stateDir, 'events.json');
  }

  all(): string[] {
    if (!existsSync(this.file)) return [];
    try {
      const list = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(list) ? list.map(String) : [];
    } catch {
      return [];
    }
  }

  push(event: string): void {
    this.save([...this.all(), event]);
  }

  /** Removes the oldest event (after its handling was recorded). */
  shift(): void {
    this.save(this.all().slice(1));
  }

  private save(list: string[]): void {
    ensurePrivateDir(this.paths.stateDir);
    writeFileAtomic(this.file, JSON.stringify(list));
  }
}
