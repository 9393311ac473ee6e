// Batches that every descriptor format accepts but a module's own checks refuse, run with the
// built ovm-template-config on an el9 scratch root holding the real built-in modules (the real
// ssh-keygen, chpasswd and zoneinfo). Before plan-then-apply, the modules ahead of the refusing
// one changed the system; now the whole batch is refused: the root is byte-identical (the run
// log aside), every reason is listed in the text, --json and the log, and no secret shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRoots, snapshotTree } from '../../helpers/roots.js';
import { freshPublicKey } from '../../e2e/demo-batch.js';
import { install, realGuestRoot, run, type Install } from '../../e2e/ovmd-harness.js';

const L = 'com.oracle.linux.';
const ROOT_PW = 'Refused-Root-CANARY-71';
const LOG = 'var/log/ovm-template-config.log';
let inst: Install;
let key: string;

beforeAll(() => {
  inst = install();
  key = freshPublicKey('bob@refused');
}, 240_000);
afterAll(() => {
  inst?.remove();
  cleanupRoots();
});

/** What a refused batch always carries besides its bad part: the trigger and harmless changes. */
function withTrigger(bad: Record<string, string>): Record<string, string> {
  return { [`${L}selinux.mode`]: 'disabled', [`${L}network.hostname`]: 'vm3.example.com', ...bad, [`${L}root-password`]: ROOT_PW };
}

const TIMEZONE = { [`${L}datetime.timezone`]: 'Mars/Olympus' };
const GATEWAY = {
  [`${L}network.device.0`]: 'eth0',
  [`${L}network.bootproto.0`]: 'static',
  [`${L}network.ipaddr.0`]: '192.0.2.10',
  [`${L}network.netmask.0`]: '255.255.255.0',
  [`${L}network.gateway.0`]: '198.51.100.1',
};
const NO_ADDRESS = { [`${L}network.device.0`]: 'eth0', [`${L}network.bootproto.0`]: 'static' };
const truncatedKey = () => ({ [`${L}ssh.user.0`]: 'root', [`${L}ssh.authorized-keys.0`]: key.slice(0, 40) });
const NO_USER = { [`${L}user.name.0`]: 'ghost', [`${L}user.action.0`]: 'mod', [`${L}user.uid.0`]: '1234' };

type Expected = [key: string, module: string, reason: RegExp][];

const CASES: [string, () => Record<string, string>, Expected][] = [
  ['a time zone that does not exist', () => TIMEZONE, [[`${L}datetime.timezone`, 'datetime', /Mars\/Olympus.*not a time zone/]]],
  ['a gateway outside the address\'s network', () => GATEWAY, [[`${L}network.gateway.0`, 'network', /not on the network 192\.0\.2\.10\/24/]]],
  ['bootproto=static without ipaddr', () => NO_ADDRESS, [[`${L}network.ipaddr.0`, 'network', /required when .*bootproto\.0 is static/]]],
  ['a truncated SSH public key', truncatedKey, [[`${L}ssh.authorized-keys.0`, 'ssh', /ssh-keygen refused it/]]],
  ['user.action=mod of a user that does not exist', () => NO_USER, [[`${L}user.name.0`, 'user', /"ghost" does not exist/]]],
  [
    'three refusals in one batch',
    () => ({ ...TIMEZONE, ...GATEWAY, ...truncatedKey() }),
    [
      [`${L}datetime.timezone`, 'datetime', /not a time zone/],
      [`${L}network.gateway.0`, 'network', /not on the network/],
      [`${L}ssh.authorized-keys.0`, 'ssh', /ssh-keygen refused it/],
    ],
  ],
];

function tpc(root: string, args: string[], batch: Record<string, string>) {
  return run(inst.bin('ovm-template-config'), ['--root', root, '--stdin', ...args, 'configure'], { input: JSON.stringify(batch) });
}

/** The tree without the run log, which a refused run writes to on purpose. */
function treeWithoutLog(root: string) {
  const tree = snapshotTree(root);
  tree.delete(`/${LOG}`);
  return tree;
}

describe('a batch refused by a module\'s own checks changes nothing and says every reason', () => {
  it.each(CASES)('%s', async (_name, bad, expected) => {
    const root = realGuestRoot(inst);
    const before = treeWithoutLog(root);
    const batch = withTrigger(bad());
    const text = await tpc(root, [], batch);
    const json = await tpc(root, ['--json'], batch);
    expect(treeWithoutLog(root)).toEqual(before);
    expect(text.code, text.stdout + text.stderr).toBe(3);
    expect(json.code).toBe(3);
    expect(text.stdout).toContain(`nothing was changed (${expected.length === 1 ? '1 reason' : `${expected.length} reasons`})`);
    expect(text.stdout).not.toMatch(/running|Running/);
    const report = JSON.parse(json.stdout);
    expect(report.status).toBe('invalid');
    expect(report.errors).toHaveLength(expected.length);
    const log = readFileSync(join(root, LOG), 'utf8');
    for (const [k, module, reason] of expected) {
      expect(report.errors).toContainEqual({ key: k, module, reason: expect.stringMatching(reason) });
      expect(text.stdout).toMatch(new RegExp(`^  ${k.replace(/\./g, '\\.')}: .*\\(module "${module}"\\)$`, 'm'));
      expect(log.split('\n').filter((l) => l.includes(`refused: ${k}: `) && l.includes(`module "${module}"`))).toHaveLength(2); // text run + --json run
    }
    expect(log.match(/run refused before any change/g)).toHaveLength(2);
    expect(log).not.toMatch(/run started/);
    for (const out of [text.stdout, text.stderr, json.stdout, log]) expect(out).not.toContain(ROOT_PW);
  });

  it('the same batch without the bad part is applied: the refusals above were the modules\' own', async () => {
    const root = realGuestRoot(inst);
    const result = await tpc(root, [], withTrigger({}));
    expect(result.code, result.stdout).toBe(0);
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('vm3.example.com\n');
    expect(readFileSync(join(root, 'etc/selinux/config'), 'utf8')).toMatch(/^SELINUX=disabled$/m);
  });

  it('a dry run lists the same reasons, shows the plans of the others, and exits 3', async () => {
    const root = realGuestRoot(inst);
    const before = snapshotTree(root);
    const result = await tpc(root, ['--dry-run'], withTrigger({ ...TIMEZONE, ...truncatedKey() }));
    expect(snapshotTree(root)).toEqual(before);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/planned +40 selinux[\s\S]*\+SELINUX=disabled/);
    expect(result.stdout).toContain('The batch would be refused (2 reasons):');
    expect(result.stdout).toMatch(/datetime\.timezone: .*\(module "datetime"\)/);
    expect(result.stdout).toMatch(/ssh\.authorized-keys\.0: .*\(module "ssh"\)/);
  });
});
