// Per-user keys against scratch fixture roots: ~/.ssh and its files with OpenSSH's modes, owned
// by the numeric ids of the ROOT's /etc/passwd; lines added once; bad keys refused with nothing
// written.
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTestTarget, type AllowRule } from '../../../modules/lib/test-context.js';
import type { Params } from '../../../modules/lib/types.js';
import ssh from '../../../modules/ssh.js';
import { READ_PRIVATE } from '../../../modules/ssh/key-check.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';
import { corrupt, generateKeys, oneLine, type Keys } from './keys.js';

const ALLOW: AllowRule[] = [
  { argv: ['ssh-keygen', '-l', '-f', '-'], real: true, exact: true },
  { argv: READ_PRIVATE, real: true, exact: true },
];
const K = 'com.oracle.linux.ssh.';
// An id no account on a build machine is likely to have: proves ids come from the root.
const UID = 43210;
let keys: Keys;

beforeAll(() => {
  keys = generateKeys();
}, 60_000);
afterAll(cleanupRoots);

function rootWithUser(family: Family = 'el8'): string {
  const root = makeRoot(family);
  execFileSync('useradd', ['-R', root, '-m', '-u', String(UID), '-U', 'alice']);
  return root;
}

function run(root: string, params: Params, dryRun = false) {
  return runTestTarget(ssh, 'configure', params, { root, allow: ALLOW, dryRun });
}

function meta(root: string, path: string) {
  const st = lstatSync(join(root, path));
  return `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
}

describe('ssh: per-user keys', () => {
  it('installs authorized_keys, known_hosts and an identity with OpenSSH modes and the root\'s ids', async () => {
    const root = rootWithUser();
    const known = `host1.example.com,192.0.2.7 ${keys.ecdsa.pub.split(' ').slice(0, 2).join(' ')}`;
    await run(root, {
      [`${K}user.0`]: 'alice',
      [`${K}authorized-keys.0`]: keys.rsa.pub,
      [`${K}known-hosts.0`]: known,
      [`${K}private-key.0`]: oneLine(keys.ed25519.priv),
      [`${K}private-key-type.0`]: 'ed25519',
    });
    const owner = `${UID}:${UID}`;
    expect(meta(root, 'home/alice/.ssh')).toBe(`700 ${owner}`);
    expect(meta(root, 'home/alice/.ssh/authorized_keys')).toBe(`600 ${owner}`);
    expect(meta(root, 'home/alice/.ssh/known_hosts')).toBe(`644 ${owner}`);
    expect(meta(root, 'home/alice/.ssh/id_ed25519')).toBe(`600 ${owner}`);
    expect(meta(root, 'home/alice/.ssh/id_ed25519.pub')).toBe(`644 ${owner}`);
    expect(readFileSync(join(root, 'home/alice/.ssh/authorized_keys'), 'utf8')).toBe(`${keys.rsa.pub}\n`);
    expect(readFileSync(join(root, 'home/alice/.ssh/known_hosts'), 'utf8')).toBe(`${known}\n`);
    expect(readFileSync(join(root, 'home/alice/.ssh/id_ed25519'), 'utf8')).toBe(keys.ed25519.priv);
    expect(readFileSync(join(root, 'home/alice/.ssh/id_ed25519.pub'), 'utf8')).toBe(`${keys.ed25519.pub}\n`);
  });

  it('adds lines without duplicates, keeping what was there, across indexes and re-runs', async () => {
    const root = rootWithUser('el9');
    const file = join(root, 'home/alice/.ssh/authorized_keys');
    await run(root, { [`${K}user.0`]: 'alice', [`${K}authorized-keys.0`]: keys.rsa.pub });
    writeFileSync(file, `# kept comment\n${readFileSync(file, 'utf8')}`);
    const batch = {
      [`${K}user.0`]: 'alice', [`${K}authorized-keys.0`]: `  ${keys.rsa.pub.replace(' ', '   ')} `,
      [`${K}user.1`]: 'alice', [`${K}authorized-keys.1`]: keys.ed25519.pub,
      [`${K}user.2`]: 'alice', [`${K}authorized-keys.2`]: keys.ed25519.pub,
    };
    await run(root, batch);
    expect(readFileSync(file, 'utf8')).toBe(`# kept comment\n${keys.rsa.pub}\n${keys.ed25519.pub}\n`);
    const snapshot = snapshotTree(root);
    await run(root, batch);
    expect(snapshotTree(root)).toEqual(snapshot);
  });

  it('takes a private key and several authorized keys with their real line breaks', async () => {
    const root = rootWithUser();
    await run(root, {
      [`${K}user.0`]: 'alice',
      [`${K}authorized-keys.0`]: `${keys.rsa.pub}\n${keys.ed25519.pub}\n`,
      [`${K}private-key.0`]: keys.ecdsa.priv,
    });
    expect(readFileSync(join(root, 'home/alice/.ssh/id_ecdsa'), 'utf8')).toBe(keys.ecdsa.priv);
    expect(readFileSync(join(root, 'home/alice/.ssh/authorized_keys'), 'utf8')).toBe(`${keys.rsa.pub}\n${keys.ed25519.pub}\n`);
  });

  it('infers the identity file from the key when no type is given', async () => {
    const root = rootWithUser();
    await run(root, { [`${K}user.0`]: 'alice', [`${K}private-key.0`]: oneLine(keys.rsa.priv) });
    expect(readFileSync(join(root, 'home/alice/.ssh/id_rsa'), 'utf8')).toBe(keys.rsa.priv);
  });

  const refusals: [string, () => Params, string, RegExp][] = [
    ['a corrupted private key', () => ({ [`${K}user.0`]: 'alice', [`${K}authorized-keys.0`]: keys.rsa.pub, [`${K}private-key.0`]: oneLine(corrupt(keys.rsa.priv)) }), `${K}private-key.0`, /not a (usable )?private key/],
    ['a type that does not match the key', () => ({ [`${K}user.0`]: 'alice', [`${K}private-key.0`]: oneLine(keys.rsa.priv), [`${K}private-key-type.0`]: 'dsa' }), `${K}private-key-type.0`, /says dsa, but the private key is rsa/],
    ['a broken authorized key', () => ({ [`${K}user.0`]: 'alice', [`${K}authorized-keys.0`]: 'ssh-ed25519 AAAAC3Nza' }), `${K}authorized-keys.0`, /not a valid authorized_keys line/],
    ['a broken known_hosts line', () => ({ [`${K}user.0`]: 'alice', [`${K}known-hosts.0`]: 'host1 ssh-rsa' }), `${K}known-hosts.0`, /not a valid known_hosts line/],
    ['a user the root does not have', () => ({ [`${K}user.0`]: 'mallory', [`${K}authorized-keys.0`]: keys.rsa.pub }), `${K}user.0`, /does not exist in the root's \/etc\/passwd/],
    ['a user name with a path', () => ({ [`${K}user.0`]: '../root', [`${K}authorized-keys.0`]: keys.rsa.pub }), `${K}user.0`, /must start with/],
    ['keys without a user', () => ({ [`${K}authorized-keys.4`]: keys.rsa.pub }), `${K}user.4`, /is missing/],
    ['a type without a key', () => ({ [`${K}user.0`]: 'alice', [`${K}private-key-type.0`]: 'rsa' }), `${K}private-key-type.0`, /without/],
    ['a valid index 0 and an escape sequence at index 7', () => ({ [`${K}user.0`]: 'alice', [`${K}authorized-keys.0`]: keys.rsa.pub, [`${K}user.7`]: 'alice', [`${K}authorized-keys.7`]: `${keys.ecdsa.pub}\u001b[2J` }), `${K}authorized-keys.7`, /control character/],
    ['a user name with a line break at index 9', () => ({ [`${K}user.9`]: 'alice\nroot', [`${K}authorized-keys.9`]: keys.rsa.pub }), `${K}user.9`, /control character/],
    ['a second line that is not a key at index 12', () => ({ [`${K}user.12`]: 'alice', [`${K}authorized-keys.12`]: `${keys.rsa.pub}\nrm -rf /` }), `${K}authorized-keys.12`, /not a valid authorized_keys line/],
    ['a type outside the choices', () => ({ [`${K}user.0`]: 'alice', [`${K}private-key.0`]: oneLine(keys.rsa.priv), [`${K}private-key-type.0`]: 'x509' }), `${K}private-key-type.0`, /not one of/],
  ];
  it.each(refusals)('refuses %s, naming the key, and writes nothing', async (_what, params, key, message) => {
    const root = rootWithUser();
    const before = snapshotTree(root);
    const error = await run(root, params()).catch((e: unknown) => e);
    expect(error).toMatchObject({ key });
    expect((error as Error).message).toMatch(message);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('installs root\'s own keys in /root/.ssh (a home directly under /)', async () => {
    const root = makeRoot('el9');
    await run(root, { [`${K}user.0`]: 'root', [`${K}authorized-keys.0`]: keys.rsa.pub });
    expect(meta(root, 'root/.ssh')).toBe('700 0:0');
    expect(meta(root, 'root/.ssh/authorized_keys')).toBe('600 0:0');
    expect(readFileSync(join(root, 'root/.ssh/authorized_keys'), 'utf8')).toBe(`${keys.rsa.pub}\n`);
  });

  it('refuses to write through a ~/.ssh that is a symbolic link', async () => {
    const root = rootWithUser();
    execFileSync('ln', ['-s', '/etc', join(root, 'home/alice/.ssh')]);
    const before = snapshotTree(root);
    await expect(run(root, { [`${K}user.0`]: 'alice', [`${K}authorized-keys.0`]: keys.rsa.pub })).rejects.toThrow(
      'refused /home/alice/.ssh: it is a symbolic link',
    );
    expect(snapshotTree(root)).toEqual(before);
  });

  it('dry run: plans ~/.ssh and the files, the private key secret, and writes nothing', async () => {
    const root = rootWithUser();
    const before = snapshotTree(root);
    const out = await run(root, { [`${K}user.0`]: 'alice', [`${K}private-key.0`]: oneLine(keys.ecdsa.priv), [`${K}authorized-keys.0`]: keys.rsa.pub }, true);
    expect(out.result.plan.map((s) => [s.action, 'path' in s ? s.path : '', 'secret' in s ? 'secret' : ''])).toEqual([
      ['mkdir', '/home/alice/.ssh', ''],
      ['write', '/home/alice/.ssh/id_ecdsa', 'secret'],
      ['write', '/home/alice/.ssh/id_ecdsa.pub', ''],
      ['write', '/home/alice/.ssh/authorized_keys', ''],
    ]);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('dry run of a batch that also adds the user plans the files instead of failing', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const params = {
      'com.oracle.linux.user.name.0': 'bea', 'com.oracle.linux.user.action.0': 'add',
      [`${K}user.0`]: 'bea', [`${K}authorized-keys.0`]: keys.rsa.pub,
    };
    const out = await run(root, params, true);
    expect(out.result.plan.map((s) => [s.action, 'path' in s ? s.path : ''])).toEqual([
      ['mkdir', '/home/bea/.ssh'],
      ['write', '/home/bea/.ssh/authorized_keys'],
    ]);
    expect(out.logs.join('\n')).toContain('this plan assumes the user module adds it');
    expect(snapshotTree(root)).toEqual(before);
    // The real run still insists on the account being there.
    await expect(run(root, params)).rejects.toMatchObject({ key: `${K}user.0` });
  });
});
