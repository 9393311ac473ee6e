// The bundled ssh and system modules, run as processes the way the runner runs them, against
// alice's plants: the refusal is the one error line on stderr (exit 1, nothing changed), and a
// tree of alice's in /tmp is removed by the bundled code through rm under her uid.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ssh from '../../../../modules/ssh.js';
import system from '../../../../modules/system.js';
import { cleanupRoots } from '../../../helpers/roots.js';
import { bundleDir, bundleModule, callModule } from '../bundle.js';
import { SHADOW_MARK, aliceWrites, asAlice, attackRoot, treeState, victimState } from './attacker.js';
import { generateKeys, type Keys } from '../../ssh/keys.js';

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../modules');
let dir: string;
let sshBin: string;
let systemBin: string;
let keys: Keys;

beforeAll(async () => {
  dir = bundleDir();
  sshBin = await bundleModule(`${MODULES}/ssh.ts`, ssh, dir);
  systemBin = await bundleModule(`${MODULES}/system.ts`, system, dir);
  keys = generateKeys();
}, 240_000);
afterAll(() => {
  cleanupRoots();
  rmSync(dir, { recursive: true, force: true });
});

describe('bundled modules against alice\'s plants', () => {
  it('ssh: authorized_keys linked to /etc/shadow is refused in one line, real and dry run', async () => {
    const root = attackRoot();
    asAlice(['mkdir', '-m', '700', join(root, 'home/alice/.ssh')]);
    asAlice(['ln', '-s', join(root, 'etc/shadow'), join(root, 'home/alice/.ssh/authorized_keys')]);
    const before = treeState(root);
    const victims = victimState(root);
    const batch = { 'com.oracle.linux.ssh.user.0': 'alice', 'com.oracle.linux.ssh.authorized-keys.0': keys.rsa.pub };
    for (const args of [['configure', '--dry-run'], ['configure']]) {
      const out = await callModule(sshBin, args, root, batch);
      expect(out.exitCode).toBe(1);
      expect(out.stderr.trim()).toBe('error: refused /home/alice/.ssh/authorized_keys: it is a symbolic link, and links are never followed in a place a user can write');
      expect(out.stdout + out.stderr).not.toContain(SHADOW_MARK);
    }
    expect(victimState(root)).toEqual(victims);
    expect(treeState(root)).toEqual(before);
  }, 60_000);

  it('system: alice\'s tree in /tmp goes, with its links, and her planted history link stays', async () => {
    const root = attackRoot();
    asAlice(['mkdir', '-p', join(root, 'tmp/build/sub')]);
    aliceWrites(join(root, 'tmp/build/sub/f'), 'x\n');
    asAlice(['ln', '-s', join(root, 'etc'), join(root, 'tmp/build/etc')]);
    asAlice(['ln', '-s', join(root, 'etc/shadow'), join(root, 'home/alice/.bash_history')]);
    const victims = victimState(root);
    const out = await callModule(systemBin, ['cleanup'], root, {});
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain('info: removed /tmp/build');
    expect(out.stderr).toMatch(/warning: refused \/home\/alice\/\.bash_history: it is a symbolic link.*; left in place/);
    expect(existsSync(join(root, 'tmp/build'))).toBe(false);
    expect(victimState(root)).toEqual(victims);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toContain('alice:');
  }, 60_000);
});
