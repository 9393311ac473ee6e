import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSecretKey } from '../../../ovmd/daemon/catalog.js';
import { decodeJournal, IntakeJournal, JOURNAL_BYTES, JournalFullError, readJournal } from '../../../ovmd/daemon/intake-journal.js';
import { fileNameFor, journalFile, ParamStore, StoreError } from '../../../ovmd/daemon/param-store.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';

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
