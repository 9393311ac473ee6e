import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSecretKey } from '../../../ovmd/daemon/catalog.js';
import { decodeJournal, IntakeJournal, JOURNAL_BYTES, JournalFullError, readJournal } from '../../../ovmd/daemon/intake-journal.js';
import { fileNameFor, journalFile, ParamStore, StoreError } from '../../../ovmd/daemon/param-store.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import { markSealed, mirrorCleanup } from '../../../ovmd/daemon/seal.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ovmd-journal-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (name = 'intake.journal') => () => join(dir, 'state', name);

describe('intake journal', () => {
  it('is created 0600 at its full size, keeps that size, and replays appends in order after a restart', () => {
    const journal = new IntakeJournal(at());
    journal.append({ key: 'a', value: '1' });
    journal.append({ key: 'b', value: 'line one\nline two' });
    journal.append({ key: 'a', value: '3' });
    const file = at()();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).size).toBe(JOURNAL_BYTES);
    journal.close();
    const again = new IntakeJournal(at());
    expect(again.entries()).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: 'line one\nline two' },
      { key: 'a', value: '3' },
    ]);
    again.append({ key: 'c', value: '4' });
    expect(readJournal(file).map((e) => e.key)).toEqual(['a', 'b', 'a', 'c']);
  });

  it('stops the replay at a torn record (a crash during the write)', () => {
    const journal = new IntakeJournal(at());
    journal.append({ key: 'first', value: 'kept' });
    journal.append({ key: 'second', value: 'torn' });
    journal.close();
    const image = readFileSync(at()());
    const torn = image.indexOf('torn');
    image[torn] = 'T'.charCodeAt(0); // the payload no longer matches its digest
    writeFileSync(at()(), image);
    expect(new IntakeJournal(at()).entries()).toEqual([{ key: 'first', value: 'kept' }]);
  });

  it('after a reset holds no old value, replays nothing, and numbers on', () => {
    const journal = new IntakeJournal(at());
    journal.append({ key: 'host', value: 'OLD-VALUE-1' });
    journal.append({ key: 'host', value: 'OLD-VALUE-2' });
    journal.reset();
    expect(readFileSync(at()()).includes('OLD-VALUE')).toBe(false);
    expect(readJournal(at()())).toEqual([]);
    journal.append({ key: 'host', value: 'new' });
    journal.close();
    expect(new IntakeJournal(at()).entries()).toEqual([{ key: 'host', value: 'new' }]);
  });

  it('does not run on into records left from before a reset that stopped after its first step', () => {
    // Records 0, 1, 2; then a reset that only zeroed the first header before a crash; then one
    // new record (number 3) of the same length written at offset 0. Record 1 after it is stale.
    const journal = new IntakeJournal(at());
    for (const v of ['1', '2', '3']) journal.append({ key: 'k', value: v });
    const before = readFileSync(at()());
    journal.reset();
    journal.append({ key: 'k', value: '4' });
    const after = readFileSync(at()());
    const first = decodeJournal(after).end;
    const image = Buffer.concat([after.subarray(0, first), before.subarray(first)]);
    expect(decodeJournal(image).entries).toEqual([{ key: 'k', value: '4' }]);
  });

  it('refuses a record that does not fit', () => {
    const journal = new IntakeJournal(at(), 256);
    journal.append({ key: 'k', value: 'x'.repeat(100) });
    expect(() => journal.append({ key: 'k', value: 'y'.repeat(100) })).toThrow(JournalFullError);
    expect(journal.entries()).toHaveLength(1);
  });
});

describe('parameter store with the daemon journal', () => {
  function daemonStore(size?: number) {
    const paths = ovmdPaths(join(dir, 'root'));
    const marks: number[] = [];
    const journal = new IntakeJournal(() => journalFile(paths), size);
    const store = new ParamStore(paths, (k) => isSecretKey(undefined, k), { journal, beforeReset: () => marks.push(journal.entries().length) });
    return { paths, store, journal, marks, cli: new ParamStore(paths, (k) => isSecretKey(undefined, k)) };
  }

  it('journals a received value, shows it to every reader at once, and applies it to the store files later', () => {
    const { paths, store, marks, cli } = daemonStore();
    expect(store.receive('com.oracle.linux.network.hostname', 'vm1')).toBe('journal');
    const file = join(paths.paramsDir, fileNameFor('com.oracle.linux.network.hostname'));
    expect(existsSync(file)).toBe(false);
    expect(store.pendingCount()).toBe(1);
    expect(cli.get('com.oracle.linux.network.hostname')).toBe('vm1');
    expect(cli.publicParams()).toEqual({ 'com.oracle.linux.network.hostname': 'vm1' });
    expect(store.checkpoint()).toBe(1);
    expect(marks).toEqual([1]); // "new parameters" is marked before the journal is emptied
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ key: 'com.oracle.linux.network.hostname', value: 'vm1' });
    expect(store.pendingCount()).toBe(0);
    expect(cli.all()).toEqual({ 'com.oracle.linux.network.hostname': 'vm1' });
  });

  it('applies the journal before a secret is stored, and the secret never reaches the journal', () => {
    const { paths, store } = daemonStore();
    store.receive('com.oracle.linux.network.hostname', 'vm1');
    expect(store.receive('com.oracle.linux.root-password', 'Journal-CANARY-1')).toBe('store');
    expect(store.pendingCount()).toBe(0);
    expect(existsSync(join(paths.paramsDir, fileNameFor('com.oracle.linux.network.hostname')))).toBe(true);
    expect(readFileSync(journalFile(paths)).includes('Journal-CANARY-1')).toBe(false);
    expect(readdirSync(paths.secretsDir)).toEqual([fileNameFor('com.oracle.linux.root-password')]);
  });

  it('keeps the order of arrival across the journal and later direct changes', () => {
    const { store } = daemonStore();
    store.receive('com.example.a', 'from the host');
    store.set('com.example.a', 'set afterwards'); // applies the journal first
    expect(store.checkpoint()).toBe(0);
    expect(store.get('com.example.a')).toBe('set afterwards');
  });

  it('applies a full journal and goes on', () => {
    const { store } = daemonStore(300);
    for (let i = 0; i < 10; i++) store.receive('com.example.k', `value-${i}-${'z'.repeat(40)}`);
    expect(store.get('com.example.k')).toBe(`value-9-${'z'.repeat(40)}`);
    expect(store.pendingCount()).toBeLessThan(10);
  });

  it('an ovmd command cannot set, remove or clear what the daemon is still applying', () => {
    const { store, cli } = daemonStore();
    store.receive('com.example.a', '1');
    expect(() => cli.set('com.example.a', '2')).toThrow(/cannot set com.example.a: the daemon is still storing/);
    cli.set('com.example.b', 'other keys are fine');
    expect(() => cli.delete('com.example.a')).toThrow(StoreError);
    expect(() => cli.delete('com.example.a')).toThrow(/still storing 1 value/);
    expect(() => cli.clear()).toThrow(/still storing/);
    store.checkpoint();
    cli.delete('com.example.a');
    expect(cli.all()).toEqual({ 'com.example.b': 'other keys are fine' });
  });
});

describe('intake journal: crashes and failures', () => {
  it('after a restart, does not replay records whose zeroing was lost in a power cut', () => {
    // A reset syncs the zeroed first header, but the rest of the zeroing is only in the page
    // cache. If the machine then loses power, the old records stay on disk behind a zero header.
    const journal = new IntakeJournal(at());
    for (const v of ['1', '2', '3']) journal.append({ key: 'k', value: v });
    const before = readFileSync(at()());
    journal.reset();
    journal.close();
    const lost = Buffer.from(before);
    lost.fill(0, 0, 20); // only the synced header zeroing reached the disk
    writeFileSync(at()(), lost);
    // Next boot: one new record of the same length lands at offset 0.
    const again = new IntakeJournal(at());
    expect(again.entries()).toEqual([]);
    again.append({ key: 'k', value: '9' });
    again.close();
    expect(new IntakeJournal(at()).entries()).toEqual([{ key: 'k', value: '9' }]);
  });

  it('closes its file when preallocation fails (a full disk), however often it is retried', () => {
    mkdirSync(join(dir, 'state'), { recursive: true });
    symlinkSync('/dev/full', at()()); // opens fine, every write fails with ENOSPC
    const fds = () => readdirSync('/proc/self/fd').length;
    const journal = new IntakeJournal(at());
    const start = fds();
    for (let i = 0; i < 5; i++) expect(() => journal.append({ key: 'k', value: 'v' })).toThrow(/ENOSPC/);
    expect(fds()).toBe(start);
  });
});

describe('intake journal and template sealing', () => {
  it('ovmd -s cleanup drops values still in the journal, like the stored ones, and keeps what arrives afterwards', () => {
    const paths = ovmdPaths(join(dir, 'root'));
    const journal = new IntakeJournal(() => journalFile(paths));
    const daemon = new ParamStore(paths, (k) => isSecretKey(undefined, k), { journal });
    const cli = () => new ParamStore(paths, (k) => isSecretKey(undefined, k));
    daemon.receive('com.example.stored', 'applied');
    daemon.checkpoint();
    daemon.receive('com.example.builder', 'still-in-journal'); // the checkpoint timer has not fired yet
    // `ovmd -s cleanup` in another process: seal, the run sees every parameter, the cleanup
    // module empties /var/lib/ovmd, then the copy under /run/ovmd is emptied too.
    markSealed(paths);
    expect(cli().all()).toEqual({ 'com.example.stored': 'applied', 'com.example.builder': 'still-in-journal' });
    for (const name of readdirSync(paths.stateDir)) rmSync(join(paths.stateDir, name), { recursive: true, force: true });
    mirrorCleanup(paths);
    expect(cli().all()).toEqual({});
    // The running daemon applies its journal later: nothing from before the cleanup comes back.
    daemon.checkpoint();
    expect(cli().all()).toEqual({});
    daemon.receive('com.example.after', 'late');
    daemon.checkpoint();
    expect(cli().all()).toEqual({ 'com.example.after': 'late' });
    expect(readdirSync(paths.stateDir)).toEqual([]);
    journal.close();
  });
});

describe('intake journal that cannot be created', () => {
  it('reads, runs and checkpoints still work from the store files; only receiving fails (the node stays in xenstore)', () => {
    const paths = ovmdPaths(join(dir, 'root'));
    writeFileSync(join(dir, 'not-a-dir'), ''); // as good as a full disk for creating the journal
    const journal = new IntakeJournal(() => join(dir, 'not-a-dir', 'intake.journal'));
    const store = new ParamStore(paths, (k) => isSecretKey(undefined, k), { journal });
    store.set('com.example.a', '1');
    expect(store.get('com.example.a')).toBe('1');
    expect(store.all()).toEqual({ 'com.example.a': '1' });
    expect(store.pendingCount()).toBe(0);
    expect(store.checkpoint()).toBe(0);
    expect(() => store.receive('com.example.b', '2')).toThrow();
  });
});
