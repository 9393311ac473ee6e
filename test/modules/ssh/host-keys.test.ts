// Host keys against scratch fixture roots with the real ssh-keygen: installed with OpenSSH's
// modes and owners per family, every key checked before the first is written, and cleanup
// removing them.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllowRule } from '../../../modules/lib/test-context.js';
import { runTestTarget } from '../../../modules/lib/test-context.js';
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
let keys: Keys;

beforeAll(() => {
  keys = generateKeys();
}, 60_000);
afterAll(cleanupRoots);

function run(root: string, params: Params, target: 'configure' | 'cleanup' = 'configure', dryRun = false) {
  return runTestTarget(ssh, target, params, { root, allow: ALLOW, dryRun });
}

function meta(root: string, path: string) {
  const st = lstatSync(join(root, path));
  return { mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid };
}

describe('ssh: host keys', () => {
  const expected: [Family, string, number][] = [
    ['el6', '600', 0],
    ['el7', '640', 997],
    ['el8', '640', 995],
    ['el9', '640', 101],
  ];
  it.each(expected)('%s: private keys mode %s group %i, public 0644 root', async (family, mode, gid) => {
    const root = makeRoot(family);
    const params: Params = { [`${K}host-rsa-key`]: oneLine(keys.rsa.priv), [`${K}host-rsa-key-pub`]: keys.rsa.pub, [`${K}host-ecdsa-key`]: oneLine(keys.ecdsa.priv) };
    await run(root, params);
    expect(readFileSync(join(root, 'etc/ssh/ssh_host_rsa_key'), 'utf8')).toBe(keys.rsa.priv);
    expect(readFileSync(join(root, 'etc/ssh/ssh_host_rsa_key.pub'), 'utf8')).toBe(`${keys.rsa.pub}\n`);
    expect(meta(root, 'etc/ssh/ssh_host_rsa_key')).toEqual({ mode, uid: 0, gid });
    expect(meta(root, 'etc/ssh/ssh_host_rsa_key.pub')).toEqual({ mode: '644', uid: 0, gid: 0 });
    // Only the private half given: the public one is derived by ssh-keygen -y.
    expect(readFileSync(join(root, 'etc/ssh/ssh_host_ecdsa_key.pub'), 'utf8')).toBe(`${keys.ecdsa.pub}\n`);
    expect(meta(root, 'etc/ssh/ssh_host_ecdsa_key')).toEqual({ mode, uid: 0, gid });
  });

  it('takes the public key as the .pub file reads (final newline included), and refuses a second line', async () => {
    const root = makeRoot('el8');
    const asFile = { [`${K}host-rsa-key`]: keys.rsa.priv, [`${K}host-rsa-key-pub`]: `${keys.rsa.pub}\n` };
    await run(root, asFile);
    expect(readFileSync(join(root, 'etc/ssh/ssh_host_rsa_key.pub'), 'utf8')).toBe(`${keys.rsa.pub}\n`);
    const other = makeRoot('el8');
    const before = snapshotTree(other);
    const twoLines = { ...asFile, [`${K}host-rsa-key-pub`]: `${keys.rsa.pub}\nPermitRootLogin yes\n` };
    await expect(run(other, twoLines)).rejects.toMatchObject({ key: `${K}host-rsa-key-pub` });
    expect(snapshotTree(other)).toEqual(before);
  });

  it('installs Ed25519 and DSA keys, saying that DSA is disabled in current OpenSSH', async () => {
    const root = makeRoot('el9');
    const out = await run(root, { [`${K}host-ed25519-key`]: oneLine(keys.ed25519.priv), [`${K}host-dsa-key`]: oneLine(keys.dsa.priv) });
    expect(readFileSync(join(root, 'etc/ssh/ssh_host_ed25519_key'), 'utf8')).toBe(keys.ed25519.priv);
    expect(readFileSync(join(root, 'etc/ssh/ssh_host_dsa_key'), 'utf8')).toBe(keys.dsa.priv);
    expect(out.logs.join('\n')).toMatch(/ssh_host_dsa_key: OpenSSH 7\.0 and later disable DSA/);
  });

  it('writes a protocol 1 key and says it is unused', async () => {
    const root = makeRoot('el8');
    const priv = Buffer.concat([Buffer.from('SSH PRIVATE KEY FILE FORMAT 1.1\n\0'), Buffer.from([1, 2, 3, 250])]);
    const out = await run(root, { [`${K}host-key`]: priv.toString('base64') });
    expect(readFileSync(join(root, 'etc/ssh/ssh_host_key')).equals(priv)).toBe(true);
    expect(out.logs.join('\n')).toMatch(/ssh_host_key: OpenSSH 7\.4 and later have no SSH protocol 1/);
  });

  it('a re-run changes nothing', async () => {
    const root = makeRoot('el8');
    const params = { [`${K}host-ed25519-key`]: oneLine(keys.ed25519.priv), [`${K}host-ed25519-key-pub`]: keys.ed25519.pub };
    await run(root, params);
    const snapshot = snapshotTree(root);
    await run(root, params);
    expect(snapshotTree(root)).toEqual(snapshot);
  });

  const refusals: [string, () => Params, string, RegExp][] = [
    ['a corrupted private key', () => ({ [`${K}host-rsa-key`]: oneLine(keys.rsa.priv), [`${K}host-ecdsa-key`]: oneLine(corrupt(keys.ecdsa.priv)) }), `${K}host-ecdsa-key`, /not a (usable )?private key/],
    ['a public half of another key', () => ({ [`${K}host-ed25519-key`]: oneLine(keys.ed25519.priv), [`${K}host-ed25519-key-pub`]: keys.ed25519b.pub }), `${K}host-ed25519-key-pub`, /not the public half/],
    ['a key of the wrong type', () => ({ [`${K}host-rsa-key`]: oneLine(keys.ed25519.priv) }), `${K}host-rsa-key`, /is a ed25519 key, not rsa/],
    ['a public key alone', () => ({ [`${K}host-rsa-key-pub`]: keys.rsa.pub }), `${K}host-rsa-key-pub`, /without/],
    ['a public key that is not one', () => ({ [`${K}host-rsa-key`]: oneLine(keys.rsa.priv), [`${K}host-rsa-key-pub`]: 'ssh-rsa AAAAnotakey' }), `${K}host-rsa-key-pub`, /not a valid public key/],
    ['a protocol 1 key that is not one', () => ({ [`${K}host-key`]: 'hello' }), `${K}host-key`, /not an SSH protocol 1 private key/],
  ];
  it.each(refusals)('refuses %s, naming the key, and writes nothing', async (_what, params, key, message) => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const error = await run(root, params()).catch((e: unknown) => e);
    expect(error).toMatchObject({ key });
    expect(String((error as Error).message)).toMatch(message);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('refuses Ed25519 on el6, whose OpenSSH 5.3 cannot load it', async () => {
    const root = makeRoot('el6');
    await expect(run(root, { [`${K}host-ed25519-key`]: oneLine(keys.ed25519.priv) })).rejects.toMatchObject({ key: `${K}host-ed25519-key` });
  });

  it('dry run: secret private key without a diff, public key with one, nothing written', async () => {
    const root = makeRoot('el9');
    const before = snapshotTree(root);
    const out = await run(root, { [`${K}host-rsa-key`]: oneLine(keys.rsa.priv) }, 'configure', true);
    expect(out.result.plan).toEqual([
      { action: 'write', path: '/etc/ssh/ssh_host_rsa_key', mode: '0640', secret: true, why: 'private host key' },
      expect.objectContaining({ action: 'write', path: '/etc/ssh/ssh_host_rsa_key.pub', mode: '0644', diff: expect.stringContaining(keys.rsa.pub) }),
    ]);
    expect(JSON.stringify(out.result.plan)).not.toContain(keys.rsa.priv.split('\n')[1]);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('ssh: cleanup', () => {
  it('removes every host key and nothing else', async () => {
    const root = makeRoot('el8');
    await run(root, { [`${K}host-rsa-key`]: oneLine(keys.rsa.priv), [`${K}host-ed25519-key`]: oneLine(keys.ed25519.priv) });
    const out = await run(root, {}, 'cleanup');
    expect(out.result.plan.map((s) => ('path' in s ? s.path : ''))).toEqual([
      '/etc/ssh/ssh_host_ed25519_key',
      '/etc/ssh/ssh_host_ed25519_key.pub',
      '/etc/ssh/ssh_host_rsa_key',
      '/etc/ssh/ssh_host_rsa_key.pub',
    ]);
    const left = [...snapshotTree(root).keys()].filter((p) => p.startsWith('/etc/ssh/'));
    expect(left).toEqual(['/etc/ssh/sshd_config']);
    const again = await run(root, {}, 'cleanup');
    expect(again.logs.join('\n')).toContain('nothing to remove');
  });
});
