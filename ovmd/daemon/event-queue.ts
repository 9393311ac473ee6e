// VMAPIEvent messages waiting to be handled, kept in a durable file so that an event whose
// xenstore node was already deleted is not lost by a crash before it ran. Each entry remembers
// its to-guest message number: a node read again after a crash (queued, then killed before the
// node was deleted) is recognised and not run twice. The numbers of recently handled events are
// kept too, and forgotten when the host's numbering starts over (resume, migration).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from './atomic-file.js';
import type { OvmdPaths } from './paths.js';
import { liveStateDir } from './seal.js';

/** An event and the to-guest number it came in as (its identity until a resume). */
export interface QueuedEvent {
  n: number;
  value: string;
}

interface QueueFile {
  queue: QueuedEvent[];
  handled: QueuedEvent[];
}

/** How many handled events are remembered for recognising re-reads. */
const HANDLED_KEPT = 32;

const same = (a: QueuedEvent, b: QueuedEvent) => a.n === b.n && a.value === b.value;

/** The durable queue of VMAPIEvents between their arrival and their handling. */
export class EventQueue {
  constructor(private readonly paths: OvmdPaths) {}

  /** The queue file, under /run/ovmd after a template cleanup (seal.ts). */
  private get file(): string {
    return join(liveStateDir(this.paths), 'events.json');
  }

  /** The events still to handle, oldest first. */
  all(): QueuedEvent[] {
    return this.load().queue;
  }

  /** Queues an event; false when this very message was queued or handled already. */
  push(event: QueuedEvent): boolean {
    const data = this.load();
    if (data.queue.some((e) => same(e, event)) || data.handled.some((e) => same(e, event))) return false;
    data.queue.push(event);
    this.save(data);
    return true;
  }

  /** Moves the oldest event to the handled list (called once its handling is recorded). */
  shift(): void {
    const data = this.load();
    const first = data.queue.shift();
    if (first) data.handled = [...data.handled, first].slice(-HANDLED_KEPT);
    this.save(data);
  }

  /** The host's numbering started over: old numbers no longer identify messages. */
  forgetHandled(): void {
    const data = this.load();
    if (data.handled.length === 0) return;
    data.handled = [];
    this.save(data);
  }

  private load(): QueueFile {
    if (!existsSync(this.file)) return { queue: [], handled: [] };
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<QueueFile>;
      return { queue: data.queue ?? [], handled: data.handled ?? [] };
    } catch {
      return { queue: [], handled: [] };
    }
  }

  private save(data: QueueFile): void {
    ensurePrivateDir(liveStateDir(this.paths));
    writeFileAtomic(this.file, JSON.stringify(data));
  }
}
