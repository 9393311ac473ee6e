// The daemon's intake journal: where a parameter from the host becomes durable before its
// xenstore node is deleted. Storing each message as its own file costs two journal commits of
// the filesystem (fsync of the file, then of its directory), and on a busy disk those are the
// slow tail of pickup. Instead each message is one record written into a file whose blocks were
// allocated and zeroed when it was created, then fdatasync'd: the data alone is flushed, no
// metadata changes. The records are applied to the one-file-per-key store later (checkpoint,
// param-store.ts) and the journal is then zeroed again, so it keeps no old values.
//
// Record: 20-byte header (magic "OVJ1", sequence number, payload length, first 8 bytes of the
// payload's SHA-256) then the JSON payload {key, value}. Replay reads records from offset 0 while
// each one is whole and numbered one more than the one before; a torn record (crash during the
// write) ends the replay, and its node is still in xenstore, so the message is read again.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, flushToDisk } from './atomic-file.js';

/** One parameter as received, in arrival order. */
export interface JournalEntry {
  key: string;
  value: string;
}

/** The journal's file name in the state directory (param-store.ts journalFile, seal.ts). */
export const JOURNAL_NAME = 'intake.journal';

/** Preallocated size: about 7,000 typical messages, and more than 60 of the largest (8 KiB values). */
export const JOURNAL_BYTES = 1 << 20;
const MAGIC = 0x314a564f; // "OVJ1" read as a little-endian word
const HEADER = 20;

function digest(payload: Buffer): Buffer {
  return createHash('sha256').update(payload).digest().subarray(0, 8);
}

function encode(seq: number, entry: JournalEntry): Buffer {
  const payload = Buffer.from(JSON.stringify({ key: entry.key, value: entry.value }), 'utf8');
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(seq >>> 0, 4);
  header.writeUInt32LE(payload.length, 8);
  digest(payload).copy(header, 12);
  return Buffer.concat([header, payload]);
}

/** The whole records at the start of a journal image: entries, where the next one goes, its number. */
export function decodeJournal(image: Buffer): { entries: JournalEntry[]; end: number; nextSeq: number } {
  const entries: JournalEntry[] = [];
  let at = 0;
  let first: number | undefined;
  while (at + HEADER <= image.length && image.readUInt32LE(at) === MAGIC) {
    const seq = image.readUInt32LE(at + 4);
    const length = image.readUInt32LE(at + 8);
    if (first !== undefined && seq !== ((first + entries.length) >>> 0)) break; // a record left over from before
    if (at + HEADER + length > image.length) break;
    const payload = image.subarray(at + HEADER, at + HEADER + length);
    if (!digest(payload).equals(image.subarray(at + 12, at + 20))) break; // torn write
    let parsed: { key?: unknown; value?: unknown };
    try {
      parsed = JSON.parse(payload.toString('utf8')) as typeof parsed;
    } catch {
      break;
    }
    if (typeof parsed.key !== 'string' || typeof parsed.value !== 'string') break;
    first ??= seq;
    entries.push({ key: parsed.key, value: parsed.value });
    at += HEADER + length;
  }
  return { entries, end: at, nextSeq: ((first ?? 0) + entries.length) >>> 0 };
}

/** Reads a journal without opening it for writing (the `ovmd` commands beside the daemon). */
export function readJournal(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  try {
    return decodeJournal(readFileSync(file)).entries;
  } catch {
    return []; // gone meanwhile (a checkpoint does not remove it, a cleanup does)
  }
}

/** Thrown by append() when the record does not fit: checkpoint, then append again. */
export class JournalFullError extends Error {
  constructor() {
    super('the intake journal is full');
    this.name = 'JournalFullError';
  }
}

/** The daemon's journal, opened for appending; the entries not yet checkpointed are kept in memory. */
export class IntakeJournal {
  private fd: number | undefined;
  private openedAt = '';
  private end = 0;
  private seq = 0;
  private pending: JournalEntry[] = [];

  /** `file` is asked on every call: the journal follows the state directory (seal.ts). */
  constructor(
    private readonly file: () => string,
    private readonly size = JOURNAL_BYTES,
  ) {}

  /** Entries appended (or replayed after a restart) and not yet checkpointed, oldest first. */
  entries(): readonly JournalEntry[] {
    const file = this.file();
    if ((this.fd === undefined || file !== this.openedAt) && !existsSync(file)) {
      // Nothing to replay: do not create it just to read (a full disk must not stop runs).
      this.close();
      this.end = 0;
      this.pending = [];
      return this.pending;
    }
    this.open();
    return this.pending;
  }

  /** Makes one entry durable: written into preallocated space, then fdatasync (data only). */
  append(entry: JournalEntry): void {
    const fd = this.open();
    const record = encode(this.seq, entry);
    if (this.end + record.length > this.size) throw new JournalFullError();
    writeAll(fd, record, this.end);
    fdatasyncSync(fd);
    this.end += record.length;
    this.seq = (this.seq + 1) >>> 0;
    this.pending.push(entry);
  }

  /**
   * After the entries are safely in the store: the first header is zeroed and flushed (from then
   * on a replay finds nothing), then the rest of the used space, so no old value stays behind.
   */
  reset(): void {
    const fd = this.open();
    if (this.end === 0) return;
    writeAll(fd, Buffer.alloc(HEADER), 0);
    fdatasyncSync(fd);
    if (this.end > HEADER) writeAll(fd, Buffer.alloc(this.end - HEADER), HEADER);
    this.end = 0;
    this.pending = [];
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.openedAt = '';
  }

  /** Opens (creating and preallocating when needed) the journal where the state lives now; replays it. */
  private open(): number {
    const file = this.file();
    if (this.fd !== undefined && file === this.openedAt) return this.fd;
    this.close();
    ensurePrivateDir(dirname(file));
    const created = !existsSync(file);
    const fd = openSync(file, created ? 'wx+' : 'r+', 0o600);
    let decoded: ReturnType<typeof decodeJournal>;
    try {
      const size = fstatSync(fd).size;
      if (size < this.size) {
        // Allocate and zero every block now, so that appends never change the file's metadata.
        writeAll(fd, Buffer.alloc(this.size - size), size);
        fsyncSync(fd);
        flushToDisk(dirname(file));
      }
      const image = Buffer.alloc(Math.max(size, this.size));
      readAll(fd, image);
      decoded = decodeJournal(image);
      // Anything past the last whole record (a torn write, or old records whose zeroing never
      // reached the disk) is zeroed on disk before the first append: a new record of the same
      // length must not chain on to an old one, since numbering starts again at 0 here.
      const tail = image.subarray(decoded.end);
      if (tail.some((b) => b !== 0)) {
        writeAll(fd, Buffer.alloc(tail.length), decoded.end);
        fdatasyncSync(fd);
      }
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    const { entries, end, nextSeq } = decoded;
    this.fd = fd;
    this.openedAt = file;
    this.end = end;
    this.seq = nextSeq;
    this.pending = entries;
    return fd;
  }
}

function writeAll(fd: number, data: Buffer, position: number): void {
  let at = 0;
  while (at < data.length) at += writeSync(fd, data, at, data.length - at, position + at);
}

function readAll(fd: number, into: Buffer): void {
  let at = 0;
  while (at < into.length) {
    const n = readSync(fd, into, at, into.length - at, at);
    if (n === 0) break;
    at += n;
  }
}
