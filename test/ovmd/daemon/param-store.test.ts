import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSecretKey } from '../../../ovmd/daemon/catalog.js';
import { ParamStore, StoreError } from '../../../ovmd/daemon/param-store.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import { IntakeJournal } from '../../../ovmd/daemon/intake-journal.js';
import { journalFile } from '../../../ovmd/daemon/param-store.js';
import { KeyNameError } from '../../../template.d/params/key-name.js';
import { BAD_KEYS } from '../../template.d/params/bad-keys.js';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ovmd-store-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

describe('parameter store', () => {
  it('keeps secrets only under /run/ovmd and the rest under /var/lib/ovmd, both 0700', () => {
    const paths = ovmdPaths(root);
    const store = new ParamStore(paths, (k) => isSecretKey(undefined, k));
    store.set('com.oracle.linux.root-password', 'CANARY-pw-1');
    store.set('com.oracle.linux.network.hostname', 'vm1');
    expect(allFiles(join(root, 'var')).join('\n')).not.toContain('CANARY-pw-1');
    expect(allFiles(join(root, 'run')).join('\n')).toContain('CANARY-pw-1');
    expect(statSync(paths.stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(paths.runDir).mode & 0o777).toBe(0o700);
    expect(store.all()).toEqual({ 'com.oracle.linux.root-password': 'CANARY-pw-1', 'com.oracle.linux.network.hostname': 'vm1' });
    expect(store.wipeSecrets()).toBe(1);
    expect(store.all()).toEqual({ 'com.oracle.linux.network.hostname': 'vm1' });
  });

  it('replaces values, handles odd and very long keys, and reports missing ones', () => {
    const store = new ParamStore(ovmdPaths(root), () => false);
    const long = `k/${'x'.repeat(250)}`;
    store.set(long, 'a');
    store.set('../escape', 'b');
    store.set('../escape', 'c');
    expect(store.get(long)).toBe('a');
    expect(store.get('../escape')).toBe('c');
    store.delete('../escape');
    expect(() => store.delete('../escape')).toThrow(StoreError);
    expect(store.clear()).toBe(1);
    expect(store.all()).toEqual({});
  });

  it.each(BAD_KEYS)('never stores a key with %s, by set() or by the intake journal', (_, key, reason) => {
    const paths = ovmdPaths(root);
    const store = new ParamStore(paths, () => false, { journal: new IntakeJournal(() => journalFile(paths)) });
    expect(() => store.set(key, 'v')).toThrow(KeyNameError);
    expect(() => store.set(key, 'v')).toThrow(reason);
    expect(() => store.receive(key, 'v')).toThrow(reason);
    expect(store.all()).toEqual({});
    expect(store.pendingCount()).toBe(0);
  });
});
