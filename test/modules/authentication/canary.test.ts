// Canary secrets (root password, a user's password, private keys) through a full run: first the
// three module bundles called by the protocol with OVM_TEMPLATE_ROOT, then the real
// ovm-template-config over the same kind of root. No secret may appear on stderr, in the run
// log, in the report, in any file other than its destination, or in any argument list seen.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import authentication from '../../../modules/authentication.js';
import ssh from '../../../modules/ssh.js';
import user from '../../../modules/user.js';
import type { ModuleDeclaration } from '../../../modules/lib/types.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';
import { bundleDir, bundleModule } from '../lib/bundle.js';
import { generateKeys, oneLine, type Keys } from '../ssh/keys.js';
import { makeCommandLog, sampleCmdlines, type CommandLog } from './command-log.js';

const TOP = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNNER = join(TOP, 'dist/bin/ovm-template-config');
const CHKCONFIG = join(TOP, 'dist/bin/ovm-chkconfig');
const ROOT_PW = 'Canary-Root-4f1c!';
const USER_PW = 'Canary-User-9b2e?';

let keys: Keys;
let dir: string;
let commands: CommandLog;
const bins: Record<string, string> = {};

beforeAll(async () => {
  keys = generateKeys();
  dir = bundleDir();
  const decls: [string, ModuleDeclaration][] = [['authentication', authentication], ['user', user], ['ssh', ssh]];
  for (const [name, decl] of decls) bins[name] = await bundleModule(join(TOP, 'modules', `${name}.ts`), decl, dir);
  if (!existsSync(RUNNER) || !existsSync(CHKCONFIG)) execFileSync('npx', ['--no-install', 'tsx', 'scripts/build.ts'], { cwd: TOP, stdio: 'ignore' });
  commands = makeCommandLog();
}, 240_000);

afterAll(() => {
  cleanupRoots();
  rmSync(dir, { recursive: true, force: true });
  commands?.remove();
});

function params(): Record<string, string> {
  return {
    'com.oracle.linux.root-password': ROOT_PW,
    'com.oracle.linux.user.name.0': 'alice',
    'com.oracle.linux.user.action.0': 'add',
    'com.oracle.linux.user.uid.0': '1500',
    'com.oracle.linux.user.password.0': USER_PW,
    'com.oracle.linux.ssh.user.0': 'alice',
    'com.oracle.linux.ssh.authorized-keys.0': keys.rsa.pub,
    'com.oracle.linux.ssh.private-key.0': oneLine(keys.ed25519.priv),
    'com.oracle.linux.ssh.host-ed25519-key': oneLine(keys.ed25519b.priv),
  };
}

/** Distinctive pieces of every secret: the passwords, and a chunk of each private key's body. */
function secrets(): string[] {
  const chunk = (priv: string) => priv.split('\n')[2]!.slice(10, 50);
  return [ROOT_PW, USER_PW, chunk(keys.ed25519.priv), chunk(keys.ed25519b.priv)];
}

/** Files of the root holding a secret piece, other than the keys' own destinations. */
function filesWithSecrets(root: string, allowed: string[]): string[] {
  const hits: string[] = [];
  for (const [path, entry] of snapshotTree(root)) {
    if (entry.content === undefined || allowed.includes(path)) continue;
    if (secrets().some((s) => entry.content!.includes(s))) hits.push(path);
  }
  return hits;
}

const DESTINATIONS = ['/home/alice/.ssh/id_ed25519', '/etc/ssh/ssh_host_ed25519_key'];

function expectNoSecret(text: string): void {
  for (const secret of secrets()) expect(text).not.toContain(secret);
}

function verifies(root: string, name: string, password: string): boolean {
  const hash = readFileSync(join(root, 'etc/shadow'), 'utf8').split('\n').find((l) => l.startsWith(`${name}:`))!.split(':')[1]!;
  const salt = hash.split('$').slice(2, -1).join('$');
  return execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: `${password}\n` }).toString().trim() === hash;
}

function checkResult(root: string): void {
  expect(verifies(root, 'root', ROOT_PW)).toBe(true);
  expect(verifies(root, 'alice', USER_PW)).toBe(true);
  expect(readFileSync(join(root, 'home/alice/.ssh/id_ed25519'), 'utf8')).toBe(keys.ed25519.priv);
  expect(readFileSync(join(root, 'etc/ssh/ssh_host_ed25519_key'), 'utf8')).toBe(keys.ed25519b.priv);
  expect(filesWithSecrets(root, DESTINATIONS)).toEqual([]);
}

describe('canary secrets', () => {
  it('module bundles by the protocol: no secret on stderr, in argv, or in a stray file', async () => {
    const root = makeRoot('el8');
    const sampler = sampleCmdlines();
    let stderr = '';
    for (const name of ['user', 'ssh', 'authentication']) {
      const out = await execa(...commands.wrap(bins[name]!, ['configure']), {
        input: JSON.stringify(params()),
        env: { OVM_TEMPLATE_ROOT: root },
        reject: false,
        timeout: 120_000,
      });
      expect(out.exitCode, `${name}: ${out.stderr}`).toBe(0);
      stderr += out.stderr;
    }
    const seen = sampler.stop();
    checkResult(root);
    expectNoSecret(stderr);
    expect(stderr).toContain('setting the root password (value not shown)');
    const argvs = commands.read();
    expect(argvs.map((a) => a[0])).toEqual(expect.arrayContaining(['useradd', 'chpasswd', 'openssl', 'ssh-keygen', 'node']));
    expectNoSecret(argvs.map((a) => a.join(' ')).join('\n'));
    expectNoSecret(seen.join('\n'));
  }, 180_000);

  it('ovm-template-config --root --stdin configure --json: no secret in the report, log, stderr or argv', async () => {
    const root = makeRoot('el9');
    const scripts = join(root, 'etc/template.d/scripts');
    execFileSync('mkdir', ['-p', scripts]);
    for (const name of ['authentication', 'user', 'ssh']) {
      execFileSync('cp', [bins[name]!, join(scripts, name)]);
      execFileSync(CHKCONFIG, ['--root', root, '--add', name]);
    }
    const sampler = sampleCmdlines();
    const recorded = commands.read().length;
    const out = await execa(...commands.wrap(RUNNER, ['--root', root, '--stdin', 'configure', '--json']), {
      input: JSON.stringify(params()),
      reject: false,
      timeout: 180_000,
    });
    const seen = sampler.stop();
    expect(out.exitCode, out.stdout + out.stderr).toBe(0);
    checkResult(root);
    const log = readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8');
    expect(log).toContain('authentication');
    for (const text of [out.stdout, out.stderr, log, seen.join('\n')]) expectNoSecret(text);
    const argvs = commands.read().slice(recorded);
    expect(argvs.map((a) => a[0])).toEqual(expect.arrayContaining(['useradd', 'chpasswd', 'openssl', 'ssh-keygen', 'node']));
    expectNoSecret(argvs.map((a) => a.join(' ')).join('\n'));
    // The report itself lists the three modules as succeeded.
    expect(out.stdout).toMatch(/authentication/);
    expect(out.stdout).toMatch(/"ssh"/);
  }, 240_000);

  it('ovm-template-config --dry-run of the same batch: plans all three, changes nothing, shows no secret', async () => {
    const root = makeRoot('el7');
    const scripts = join(root, 'etc/template.d/scripts');
    execFileSync('mkdir', ['-p', scripts]);
    for (const name of ['authentication', 'user', 'ssh']) {
      execFileSync('cp', [bins[name]!, join(scripts, name)]);
      execFileSync(CHKCONFIG, ['--root', root, '--add', name]);
    }
    const before = snapshotTree(root);
    const out = await execa(RUNNER, ['--root', root, '--stdin', '--dry-run', 'configure', '--json'], {
      input: JSON.stringify(params()),
      reject: false,
      timeout: 180_000,
    });
    expect(out.exitCode, out.stdout + out.stderr).toBe(0);
    expectNoSecret(out.stdout + out.stderr);
    expect(out.stdout).toContain('/home/alice/.ssh/authorized_keys');
    expect(out.stdout).toContain('chpasswd');
    const after = snapshotTree(root);
    after.delete('/var/log/ovm-template-config.log');
    expect(after).toEqual(before);
  }, 240_000);
});
