// The user, ssh and authentication modules as the runner calls them: bundled like
// scripts/build.ts does and run by the protocol. Refusals exit 2 with one "error: <key>:" line
// and leave the root byte-identical; --enumerate prints the declared keys.
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import authentication from '../../../modules/authentication.js';
import ssh from '../../../modules/ssh.js';
import user from '../../../modules/user.js';
import type { ModuleDeclaration } from '../../../modules/lib/types.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';
import { bundleDir, bundleModule, callModule } from '../lib/bundle.js';

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../modules');
let dir: string;
const bins: Record<string, string> = {};

beforeAll(async () => {
  dir = bundleDir();
  const decls: [string, ModuleDeclaration][] = [['authentication', authentication], ['user', user], ['ssh', ssh]];
  for (const [name, decl] of decls) bins[name] = await bundleModule(join(MODULES, `${name}.ts`), decl, dir);
}, 120_000);

afterAll(() => {
  cleanupRoots();
  rmSync(dir, { recursive: true, force: true });
});

describe('account module executables', () => {
  const hostile: [string, Record<string, string>, string][] = [
    ['user', { 'com.oracle.linux.user.name.0': 'root:x:0:0', 'com.oracle.linux.user.action.0': 'add' }, 'com.oracle.linux.user.name.0'],
    ['user', { 'com.oracle.linux.user.name.2': 'eve', 'com.oracle.linux.user.action.2': 'add', 'com.oracle.linux.user.uid.2': '-1' }, 'com.oracle.linux.user.uid.2'],
    ['user', { 'com.oracle.linux.group.name.0': 'ops\nroot', 'com.oracle.linux.group.action.0': 'add' }, 'com.oracle.linux.group.name.0'],
    ['ssh', { 'com.oracle.linux.ssh.user.0': '..', 'com.oracle.linux.ssh.authorized-keys.0': 'ssh-rsa AAAA' }, 'com.oracle.linux.ssh.user.0'],
    ['authentication', { 'com.oracle.linux.root-password': 'Canary\u0000pw' }, 'com.oracle.linux.root-password'],
  ];
  it.each(hostile)('%s refuses %j: exit 2, the key named, the root unchanged', async (name, params, key) => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const out = await callModule(bins[name]!, ['configure'], root, params);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`^error: ${key.replace(/\./g, '\\.')}: `, 'm'));
    expect(out.stderr).not.toContain('Canary');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('enumerates the keys with Oracle\'s flags', async () => {
    const root = makeRoot('el9');
    const auth = JSON.parse((await callModule(bins.authentication!, ['configure', '-e'], root)).stdout);
    expect(auth).toEqual([expect.objectContaining({ key: 'com.oracle.linux.root-password', password: true, required: true })]);
    const users = JSON.parse((await callModule(bins.user!, ['configure', '-e'], root)).stdout) as { key: string; hidden?: boolean; password?: boolean }[];
    expect(users.map((d) => d.key)).toEqual([
      'com.oracle.linux.group.name.0', 'com.oracle.linux.group.action.0', 'com.oracle.linux.group.gid.0', 'com.oracle.linux.group.new-name.0',
      'com.oracle.linux.user.name.0', 'com.oracle.linux.user.action.0', 'com.oracle.linux.user.uid.0', 'com.oracle.linux.user.group.0',
      'com.oracle.linux.user.groups.0', 'com.oracle.linux.user.password.0', 'com.oracle.linux.user.new-name.0',
    ]);
    expect(users.every((d) => d.hidden)).toBe(true);
    expect(users.filter((d) => d.password).map((d) => d.key)).toEqual(['com.oracle.linux.user.password.0']);
    const sshKeys = JSON.parse((await callModule(bins.ssh!, ['configure', '-e'], root)).stdout) as { key: string; password?: boolean }[];
    expect(sshKeys.filter((d) => d.password).map((d) => d.key)).toEqual([
      'com.oracle.linux.ssh.host-key', 'com.oracle.linux.ssh.host-rsa-key', 'com.oracle.linux.ssh.host-dsa-key',
      'com.oracle.linux.ssh.host-ecdsa-key', 'com.oracle.linux.ssh.host-ed25519-key', 'com.oracle.linux.ssh.private-key.0',
    ]);
    expect(JSON.parse((await callModule(bins.ssh!, ['cleanup', '-e'], root)).stdout)).toEqual([]);
  });

  it('dry run by the protocol prints the plan and changes nothing', async () => {
    const root = makeRoot('el7');
    const before = snapshotTree(root);
    const out = await callModule(bins.user!, ['configure', '--dry-run'], root, {
      'com.oracle.linux.user.name.0': 'amy', 'com.oracle.linux.user.action.0': 'add', 'com.oracle.linux.user.password.0': 'Canary-pw',
    });
    expect(out.exitCode).toBe(0);
    const plan = (JSON.parse(out.stdout) as { plan: { action: string; argv?: string[]; input?: string }[] }).plan;
    expect(plan.map((s) => [s.argv?.[0], s.input ?? null])).toEqual([['useradd', null], ['chpasswd', 'secret']]);
    expect(JSON.stringify(plan)).not.toContain('Canary');
    expect(snapshotTree(root)).toEqual(before);
  });
});
