// The user module against scratch copies of the fixture roots with the real shadow tools (-R):
// exact resulting passwd/group/shadow/gshadow lines, re-runs that change nothing, conflicts
// and hostile values refused with the key named and the root left byte-identical.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../modules/lib/types.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';
import { configureUsers, g, linesFor, u } from './harness.js';

afterAll(cleanupRoots);

const PASSWORD = 'Canary-user-Pw 3#';
const DAY = /^[0-9]{5}$/;

const BATCH = {
  ...g('name', 0, 'dba'), ...g('action', 0, 'add'), ...g('gid', 0, '5000'),
  ...g('name', 1, 'devs'), ...g('action', 1, 'add'),
  ...u('name', 0, 'alice'), ...u('action', 0, 'add'), ...u('uid', 0, '1500'), ...u('group', 0, 'dba'),
  ...u('groups', 0, 'wheel,devs'), ...u('password', 0, PASSWORD),
  ...u('name', 1, 'bob'), ...u('action', 1, 'add'),
};

function verifies(hash: string, password: string): boolean {
  const salt = hash.split('$').slice(2, -1).join('$');
  return execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: `${password}\n` }).toString().trim() === hash;
}

describe('user: add', () => {
  it('adds groups, then users, with the exact resulting lines', async () => {
    const root = makeRoot('el8');
    const run = await configureUsers(root, BATCH);
    expect(linesFor(root, 'passwd', ['alice', 'bob'])).toEqual([
      'alice:x:1500:5000::/home/alice:/bin/bash',
      'bob:x:1501:1501::/home/bob:/bin/bash',
    ]);
    expect(linesFor(root, 'group', ['wheel', 'dba', 'devs', 'bob'])).toEqual([
      'wheel:x:10:alice',
      'dba:x:5000:',
      'devs:x:5001:alice',
      'bob:x:1501:',
    ]);
    expect(linesFor(root, 'gshadow', ['dba', 'devs', 'bob'])).toEqual(['dba:!::', 'devs:!::alice', 'bob:!::']);
    const [alice, bob] = linesFor(root, 'shadow', ['alice', 'bob']).map((l) => l.split(':'));
    expect(verifies(alice![1]!, PASSWORD)).toBe(true);
    expect(alice![2]).toMatch(DAY);
    expect(bob![1]).toBe('!');
    // The whole batch is planned (hashing included) before the first tool runs.
    expect(run.commands.map((c) => c.argv.filter((a) => a !== root))).toEqual([
      ['openssl', 'passwd', '-6', '-stdin'],
      ['groupadd', '-R', '-g', '5000', 'dba'],
      ['groupadd', '-R', 'devs'],
      ['useradd', '-R', '-m', '-u', '1500', '-g', 'dba', '-G', 'devs,wheel', 'alice'],
      ['chpasswd', '-e', '-R'],
      ['useradd', '-R', '-m', '-U', 'bob'],
    ]);
    const home = statSync(join(root, 'home/alice'));
    expect([home.uid, home.gid]).toEqual([1500, 5000]);
  });

  it('a re-run of the same batch changes nothing and says so', async () => {
    const root = makeRoot('el7');
    await configureUsers(root, BATCH);
    const snapshot = snapshotTree(root);
    const again = await configureUsers(root, BATCH);
    expect(snapshotTree(root)).toEqual(snapshot);
    expect(again.commands.map((c) => c.argv[0])).toEqual(['openssl']);
    const log = again.logs.join('\n');
    expect(log).toContain('group dba already exists (gid 5000): nothing to do');
    expect(log).toContain('user alice already exists as requested');
    expect(log).toContain('user alice already has the requested password');
  });

  it('uses an existing same-named group as the login group', async () => {
    const root = makeRoot('el9');
    await configureUsers(root, { ...g('name', 0, 'carol'), ...g('action', 0, 'add'), ...g('gid', 0, '7000'), ...u('name', 0, 'carol'), ...u('action', 0, 'add') });
    expect(linesFor(root, 'passwd', ['carol'])[0]).toMatch(/^carol:x:[0-9]+:7000:/);
  });

  it('works on el6 too', async () => {
    const root = makeRoot('el6');
    await configureUsers(root, { ...u('name', 3, 'oracle'), ...u('action', 3, 'add'), ...u('uid', 3, '54321') });
    expect(linesFor(root, 'passwd', ['oracle'])).toEqual(['oracle:x:54321:54321::/home/oracle:/bin/bash']);
  });
});

describe('user: mod and del', () => {
  async function seeded() {
    const root = makeRoot('el8');
    await configureUsers(root, BATCH);
    return root;
  }

  it('renames and renumbers groups and users, and a re-run is a no-op', async () => {
    const root = await seeded();
    const batch = {
      ...g('name', 0, 'devs'), ...g('action', 0, 'mod'), ...g('new-name', 0, 'developers'), ...g('gid', 0, '6000'),
      ...u('name', 0, 'alice'), ...u('action', 0, 'mod'), ...u('new-name', 0, 'alicia'), ...u('uid', 0, '1600'), ...u('groups', 0, 'developers'),
    };
    await configureUsers(root, batch);
    expect(linesFor(root, 'passwd', ['alice', 'alicia'])).toEqual(['alicia:x:1600:5000::/home/alice:/bin/bash']);
    expect(linesFor(root, 'group', ['wheel', 'devs', 'developers'])).toEqual(['wheel:x:10:', 'developers:x:6000:alicia']);
    expect(verifies(linesFor(root, 'shadow', ['alicia'])[0]!.split(':')[1]!, PASSWORD)).toBe(true);
    const snapshot = snapshotTree(root);
    const again = await configureUsers(root, batch);
    expect(again.commands).toEqual([]);
    expect(snapshotTree(root)).toEqual(snapshot);
  });

  it('changes a login group by name and sets a new password', async () => {
    const root = await seeded();
    await configureUsers(root, { ...u('name', 0, 'bob'), ...u('action', 0, 'mod'), ...u('group', 0, 'dba'), ...u('password', 0, 'New-Pw 9') });
    expect(linesFor(root, 'passwd', ['bob'])).toEqual(['bob:x:1501:5000::/home/bob:/bin/bash']);
    expect(verifies(linesFor(root, 'shadow', ['bob'])[0]!.split(':')[1]!, 'New-Pw 9')).toBe(true);
  });

  it('deletes users and groups, keeps the home, and deleting again is nothing to do', async () => {
    const root = await seeded();
    const batch = { ...g('name', 0, 'devs'), ...g('action', 0, 'del'), ...u('name', 0, 'bob'), ...u('action', 0, 'del') };
    const run = await configureUsers(root, batch);
    expect(linesFor(root, 'passwd', ['bob'])).toEqual([]);
    expect(linesFor(root, 'shadow', ['bob'])).toEqual([]);
    expect(linesFor(root, 'group', ['devs'])).toEqual([]);
    expect(existsSync(join(root, 'home/bob'))).toBe(true);
    expect(run.logs.join('\n')).toContain('the home directory /home/bob is kept');
    const snapshot = snapshotTree(root);
    const again = await configureUsers(root, batch);
    expect(again.commands).toEqual([]);
    expect(again.logs.join('\n')).toMatch(/group devs does not exist: nothing to delete[\s\S]*user bob does not exist: nothing to delete/);
    expect(snapshotTree(root)).toEqual(snapshot);
  });
});

describe('user: delete and re-add in one batch', () => {
  it('sets the password of the new account even when it equals the old one', async () => {
    const root = makeRoot('el8');
    await configureUsers(root, BATCH);
    await configureUsers(root, {
      ...u('name', 0, 'alice'), ...u('action', 0, 'del'),
      ...u('name', 1, 'alice'), ...u('action', 1, 'add'), ...u('uid', 1, '1700'), ...u('password', 1, PASSWORD),
    });
    const [line] = linesFor(root, 'shadow', ['alice']);
    expect(verifies(line!.split(':')[1]!, PASSWORD)).toBe(true);
    expect(linesFor(root, 'passwd', ['alice'])[0]).toMatch(/^alice:x:1700:/);
  });

  it('warns that an existing home directory is kept as it is', async () => {
    const root = makeRoot('el8');
    await configureUsers(root, BATCH);
    const run = await configureUsers(root, { ...u('name', 0, 'bob'), ...u('action', 0, 'del'), ...u('name', 1, 'bob'), ...u('action', 1, 'add') });
    expect(run.logs.join('\n')).toContain('/home/bob already exists: useradd keeps it as it is, owner included');
  });
});

describe('user: conflicts are refused before anything changes', () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['existing user, other uid', { ...u('name', 0, 'alice'), ...u('action', 0, 'add'), ...u('uid', 0, '1700') }, 'com.oracle.linux.user.uid.0', /already exists with uid 1500/],
    ['uid of another user', { ...u('name', 0, 'zed'), ...u('action', 0, 'add'), ...u('uid', 0, '0') }, 'com.oracle.linux.user.uid.0', /belongs to user "root"/],
    ['mod of a missing user', { ...u('name', 0, 'ghost'), ...u('action', 0, 'mod'), ...u('uid', 0, '4000') }, 'com.oracle.linux.user.name.0', /does not exist/],
    ['gid of another group', { ...g('name', 0, 'ops'), ...g('action', 0, 'add'), ...g('gid', 0, '10') }, 'com.oracle.linux.group.gid.0', /belongs to group "wheel"/],
    ['existing group, other gid', { ...g('name', 0, 'dba'), ...g('action', 0, 'add'), ...g('gid', 0, '5999') }, 'com.oracle.linux.group.gid.0', /already exists with gid 5000/],
    ['login group deleted', { ...g('name', 0, 'dba'), ...g('action', 0, 'del') }, 'com.oracle.linux.group.name.0', /login group of alice/],
    ['unknown supplementary group', { ...u('name', 0, 'zed'), ...u('action', 0, 'add'), ...u('groups', 0, 'wheel,nosuch') }, 'com.oracle.linux.user.groups.0', /nosuch/],
    ['rename onto an existing user', { ...u('name', 0, 'alice'), ...u('action', 0, 'mod'), ...u('new-name', 0, 'bob') }, 'com.oracle.linux.user.new-name.0', /already exists/],
    ['root deleted', { ...u('name', 0, 'root'), ...u('action', 0, 'del') }, 'com.oracle.linux.user.name.0', /uid 0/],
    ['later request conflicts with earlier one', { ...u('name', 0, 'x1'), ...u('action', 0, 'add'), ...u('uid', 0, '3000'), ...u('name', 1, 'x2'), ...u('action', 1, 'add'), ...u('uid', 1, '3000') }, 'com.oracle.linux.user.uid.1', /belongs to user "x1"/],
  ];
  it.each(cases)('%s', async (_what, params, key, message) => {
    const root = makeRoot('el8');
    await configureUsers(root, BATCH);
    const before = snapshotTree(root);
    const error = await configureUsers(root, params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).key).toBe(key);
    expect((error as InputError).message).toMatch(message);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('user: hostile values', () => {
  const cases: [Record<string, string>, string][] = [
    [{ ...u('name', 0, 'root:x:0:0'), ...u('action', 0, 'add') }, 'com.oracle.linux.user.name.0'],
    [{ ...u('name', 0, '../etc'), ...u('action', 0, 'add') }, 'com.oracle.linux.user.name.0'],
    [{ ...u('name', 0, 'a/b'), ...u('action', 0, 'add') }, 'com.oracle.linux.user.name.0'],
    [{ ...u('name', 0, 'eve\nroot'), ...u('action', 0, 'add') }, 'com.oracle.linux.user.name.0'],
    [{ ...u('name', 0, '$(reboot)'), ...u('action', 0, 'add') }, 'com.oracle.linux.user.name.0'],
    [{ ...u('name', 0, 'eve'), ...u('action', 0, 'add'), ...u('uid', 0, '-1') }, 'com.oracle.linux.user.uid.0'],
    [{ ...u('name', 0, 'eve'), ...u('action', 0, 'add'), ...u('uid', 0, '4294967295') }, 'com.oracle.linux.user.uid.0'],
    [{ ...u('name', 0, 'eve'), ...u('action', 0, 'add'), ...u('groups', 0, 'wheel;reboot') }, 'com.oracle.linux.user.groups.0'],
    [{ ...u('name', 0, 'eve'), ...u('action', 0, 'add'), ...u('group', 0, '../../etc') }, 'com.oracle.linux.user.group.0'],
    [{ ...u('name', 0, 'eve'), ...u('action', 0, 'rm -rf') }, 'com.oracle.linux.user.action.0'],
    [{ ...u('name', 0, 'eve'), ...u('action', 0, 'del'), ...u('uid', 0, '5') }, 'com.oracle.linux.user.uid.0'],
    [{ ...u('uid', 0, '5') }, 'com.oracle.linux.user.name.0'],
    [{ ...g('name', 0, 'x y'), ...g('action', 0, 'add') }, 'com.oracle.linux.group.name.0'],
    [{ ...g('name', 0, 'ok'), ...g('action', 0, 'add'), ...g('gid', 0, '1e3') }, 'com.oracle.linux.group.gid.0'],
    [{ ...u('name', 7, 'eve'), ...u('action', 7, 'add'), ...u('password', 7, 'pw\nroot::0:0:::') }, 'com.oracle.linux.user.password.7'],
    // Indexes far beyond the enumerated 0 and 1, each after a valid request: the whole batch goes.
    [{ ...u('name', 0, 'carol'), ...u('action', 0, 'add'), ...u('name', 7, '..'), ...u('action', 7, 'add') }, 'com.oracle.linux.user.name.7'],
    [{ ...g('name', 0, 'ops'), ...g('action', 0, 'add'), ...g('name', 12, 'g\nx'), ...g('action', 12, 'add') }, 'com.oracle.linux.group.name.12'],
    [{ ...u('name', 0, 'carol'), ...u('action', 0, 'add'), ...u('name', 9, 'dan'), ...u('action', 9, 'add'), ...u('groups', 9, 'wheel,$(id)') }, 'com.oracle.linux.user.groups.9'],
    [{ ...g('name', 3, 'ops'), ...g('action', 3, 'mod'), ...g('new-name', 3, '-rf') }, 'com.oracle.linux.group.new-name.3'],
    [{ ...u('name', 0, 'carol'), ...u('action', 0, 'add'), ...u('name', 11, 'carol'), ...u('action', 11, 'mod'), ...u('new-name', 11, 'root:x') }, 'com.oracle.linux.user.new-name.11'],
    [{ ...u('name', 0, 'carol'), ...u('action', 0, 'add'), ...u('name', 20, 'dan'), ...u('action', 20, 'add'), ...u('uid', 20, '007') }, 'com.oracle.linux.user.uid.20'],
  ];
  it.each(cases)('%j is refused naming %s', async (params, key) => {
    const root = makeRoot('el9');
    const before = snapshotTree(root);
    const run = configureUsers(root, params);
    await expect(run).rejects.toMatchObject({ key });
    await expect(run).rejects.not.toThrow(/pw\n/);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('user: passwords that would show on a command line', () => {
  it('refuses a password equal to the user name, naming the key, before anything runs', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const run = configureUsers(root, { ...u('name', 0, 'oracle'), ...u('action', 0, 'add'), ...u('password', 0, 'oracle') });
    await expect(run).rejects.toMatchObject({ key: 'com.oracle.linux.user.password.0' });
    await expect(run).rejects.toThrow(/name, id or path on the command line/);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('user: dry run', () => {
  it('lists the commands with the password as secret input, and writes nothing', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const run = await configureUsers(root, BATCH, true);
    expect(snapshotTree(root)).toEqual(before);
    expect(run.result.plan.map((s) => (s.action === 'run' ? [s.argv[0], s.input ?? null] : s.action))).toEqual([
      ['groupadd', null],
      ['groupadd', null],
      ['useradd', null],
      ['chpasswd', 'secret'],
      ['useradd', null],
    ]);
    expect(JSON.stringify(run.result.plan)).not.toContain(PASSWORD);
  });
});
