// What an Oracle Linux administrator sees after the module adds or deletes an account: the real
// shadow tools run with -R against fixture roots that carry each release's /etc/login.defs,
// /etc/default/useradd and /etc/skel, so the result is what useradd/userdel give on that release.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupRoots, makeRoot, type Family } from '../../helpers/roots.js';
import { configureUsers, linesFor, u } from './harness.js';

afterAll(cleanupRoots);

const ADD_ALICE = { ...u('name', 0, 'alice'), ...u('action', 0, 'add') };

describe.each(['el6', 'el7', 'el8', 'el9'] as Family[])('user defaults of the release, %s', (family) => {
  it('a new account gets a private home 0700 with the skeleton files, owned by the user, and a mailbox', async () => {
    const root = makeRoot(family);
    await configureUsers(root, ADD_ALICE);
    const [, , uid, gid] = linesFor(root, 'passwd', ['alice'])[0]!.split(':').map((f, i) => (i === 2 || i === 3 ? Number(f) : f));
    // login.defs: UID_MIN 500 on OL6, 1000 from OL7 on.
    expect(uid).toBe(family === 'el6' ? 500 : 1000);
    expect(gid).toBe(uid);
    const home = lstatSync(join(root, 'home/alice'));
    expect([home.mode & 0o7777, home.uid, home.gid]).toEqual([0o700, uid, gid]);
    expect(readdirSync(join(root, 'home/alice')).sort()).toEqual(['.bash_logout', '.bash_profile', '.bashrc']);
    for (const name of ['.bashrc', '.bash_profile']) {
      const st = lstatSync(join(root, 'home/alice', name));
      expect([st.uid, st.gid], name).toEqual([uid, gid]);
    }
    const mailbox = lstatSync(join(root, 'var/spool/mail/alice'));
    expect([mailbox.uid, mailbox.gid, mailbox.mode & 0o7777]).toEqual([uid, 12, 0o660]);
  });

  it('deleting the account also removes its private group (USERGROUPS_ENAB yes), and keeps the home', async () => {
    const root = makeRoot(family);
    await configureUsers(root, ADD_ALICE);
    await configureUsers(root, { ...u('name', 0, 'alice'), ...u('action', 0, 'del') });
    expect(linesFor(root, 'passwd', ['alice'])).toEqual([]);
    expect(linesFor(root, 'group', ['alice'])).toEqual([]);
    expect(linesFor(root, 'gshadow', ['alice'])).toEqual([]);
    expect(lstatSync(join(root, 'home/alice')).isDirectory()).toBe(true);
  });
});
