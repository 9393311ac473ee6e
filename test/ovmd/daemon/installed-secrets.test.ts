// The daemon's key catalog follows the one secret rule: a key that an installed module flags as a
// password is secret even when that module is not enabled for configure, so its value stays off
// persistent disk (/var/lib/ovmd) and out of what is sent back. Before, only the enabled
// configure modules counted, and such a key was stored on disk like any other.
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../ovmd/daemon/catalog-cache.js';
import { isSecretKey } from '../../../ovmd/daemon/catalog.js';
import { ParamStore } from '../../../ovmd/daemon/param-store.js';
import { ovmdPaths } from '../../../ovmd/daemon/paths.js';
import { runnerEngine } from '../../../ovmd/daemon/runner-engine.js';
import { FIXTURES } from '../../template.d/helpers/scratch-root.js';
import { makeFixtureRoot } from './fixture-root.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('the daemon\'s key catalog', () => {
  it('counts the password keys of an installed module that is switched off', async () => {
    const made = makeFixtureRoot();
    cleanup = made.cleanup;
    cpSync(join(FIXTURES, 'keyholder'), join(made.root, 'etc/template.d/scripts/keyholder')); // installed, not enabled
    const paths = ovmdPaths(made.root);
    const catalog = await loadCatalog(paths, runnerEngine(made.root));
    expect(isSecretKey(catalog, 'com.example.vault.token')).toBe(true);
    expect(catalog.required).toEqual(['com.oracle.linux.root-password']); // an off module adds no trigger
    const store = new ParamStore(paths, (k) => isSecretKey(catalog, k));
    store.set('com.example.vault.token', 'Vault-CANARY-9071');
    const onDisk = existsSync(paths.stateDir)
      ? readdirSync(paths.stateDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')).join('\n')
      : '';
    expect(onDisk).not.toContain('Vault-CANARY-9071');
    expect(store.get('com.example.vault.token')).toBe('Vault-CANARY-9071');
  });
});
