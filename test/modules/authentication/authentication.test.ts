// The authentication module against scratch copies of the fixture roots, with the real openssl
// and the real chpasswd -R: the password lands in the root's shadow as a hash that verifies,
// the secret never reaches an argv or a log line, and a re-run changes nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import authentication from '../../../modules/authentication.js';
import { runTestTarget, type AllowRule } from '../../../modules/lib/test-context.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';

const ALLOW: AllowRule[] = [
  { argv: ['openssl', 'passwd'], real: true },
  { argv: ['chpasswd', '-e', '-R'], real: true },
];
const KEY = 'com.oracle.linux.root-password';
const PASSWORD = 'Canary-root-Pw 7!';

afterAll(cleanupRoots);

function rootHash(root: string): string {
  const line = readFileSync(join(root, 'etc/shadow'), 'utf8').split('\n').find((l) => l.startsWith('root:'))!;
  return line.split(':')[1]!;
}

/** Recomputes a $6$ hash from its salt with openssl, as a login would verify it. */
function verifies(hash: string, password: string): boolean {
  const salt = hash.split('$').slice(2, -1).join('$');
  const again = execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: `${password}\n` }).toString().trim();
  return again === hash;
}

async function configure(root: string, value: string, dryRun = false) {
  return runTestTarget(authentication, 'configure', { [KEY]: value }, { root, allow: ALLOW, dryRun });
}

describe('authentication: configure', () => {
  it.each<Family>(['el6', 'el7', 'el8', 'el9'])('sets a verifiable SHA-512 root password on %s', async (family) => {
    const root = makeRoot(family);
    const run = await configure(root, PASSWORD);
    const hash = rootHash(root);
    expect(hash).toMatch(/^\$6\$/);
    expect(verifies(hash, PASSWORD)).toBe(true);
    expect(verifies(hash, 'wrong')).toBe(false);
    expect(run.commands.map((c) => c.argv)).toEqual([
      ['openssl', 'passwd', '-6', '-stdin'],
      ['chpasswd', '-e', '-R', root],
    ]);
    expect(run.commands.every((c) => c.input)).toBe(true);
    expect(run.logs.join('\n')).not.toContain(PASSWORD);
    expect(run.logs.join('\n')).not.toContain(hash);
  });

  it('keeps every other shadow line byte for byte', async () => {
    const root = makeRoot('el8');
    const before = readFileSync(join(root, 'etc/shadow'), 'utf8').split('\n');
    await configure(root, PASSWORD);
    const after = readFileSync(join(root, 'etc/shadow'), 'utf8').split('\n');
    expect(after.filter((l) => !l.startsWith('root:'))).toEqual(before.filter((l) => !l.startsWith('root:')));
  });

  it('a re-run with the same password changes nothing at all', async () => {
    const root = makeRoot('el9');
    await configure(root, PASSWORD);
    const snapshot = snapshotTree(root);
    const again = await configure(root, PASSWORD);
    expect(snapshotTree(root)).toEqual(snapshot);
    expect(again.commands.map((c) => c.argv[0])).toEqual(['openssl']);
    expect(again.logs.join('\n')).toContain('already has the requested password');
  });

  it('sets a ready SHA-512 hash as given, without hashing it again', async () => {
    const root = makeRoot('el7');
    const hash = execFileSync('openssl', ['passwd', '-6', '-salt', 'fixedsalt', '-stdin'], { input: 'other\n' }).toString().trim();
    const run = await configure(root, hash);
    expect(rootHash(root)).toBe(hash);
    expect(run.commands.map((c) => c.argv[0])).toEqual(['chpasswd']);
  });

  it('a truncated hash is set as a plain password, and the log says so without showing it', async () => {
    const root = makeRoot('el8');
    const cut = execFileSync('openssl', ['passwd', '-6', '-salt', 'fixedsalt', '-stdin'], { input: 'other\n' }).toString().trim().slice(0, 40);
    const run = await configure(root, cut);
    expect(verifies(rootHash(root), cut)).toBe(true);
    expect(run.logs.join('\n')).toContain('starts like a crypt hash but is not a complete one: it is set as a plain password');
    expect(run.logs.join('\n')).not.toContain(cut);
  });

  it('accepts a yescrypt hash on el9 only, where libxcrypt verifies it', async () => {
    const yes = '$y$j9T$abcdefghijklmnopqrstu.$' + 'A'.repeat(43);
    const el9 = makeRoot('el9');
    await configure(el9, yes);
    expect(rootHash(el9)).toBe(yes);
    const el8 = makeRoot('el8');
    const before = snapshotTree(el8);
    await expect(configure(el8, yes)).rejects.toThrow(/el8 cannot verify/);
    expect(snapshotTree(el8)).toEqual(before);
  });

  it('refuses an MD5-crypt hash and changes nothing', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const md5 = execFileSync('openssl', ['passwd', '-1', '-salt', 'abcdefgh', '-stdin'], { input: 'x\n' }).toString().trim();
    const error = await configure(root, md5).catch((e: unknown) => e);
    expect(error).toMatchObject({ key: KEY });
    expect(String(error)).toMatch(/MD5/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('refuses a password with a newline, naming the key, without echoing it', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const error = await configure(root, 'abc\nroot::0:0').catch((e: unknown) => e);
    expect(error).toMatchObject({ key: KEY });
    expect(String(error)).not.toContain('abc');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('dry run: plans one chpasswd with secret input, and writes nothing', async () => {
    const root = makeRoot('el6');
    const before = snapshotTree(root);
    const run = await configure(root, PASSWORD, true);
    expect(run.result.plan).toEqual([
      { action: 'run', argv: ['chpasswd', '-e', '-R', root], live: false, input: 'secret', why: 'set the password of root' },
    ]);
    expect(JSON.stringify(run.result.plan)).not.toContain(PASSWORD);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('enumerates the one required, secret, visible key', () => {
    expect(authentication.parameters.configure).toEqual([
      expect.objectContaining({ key: KEY, password: true, required: true }),
    ]);
    expect(authentication.parameters.configure![0]!.hidden).toBeUndefined();
    expect(authentication.priorities).toEqual({ configure: 90 });
  });
});
