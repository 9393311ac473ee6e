// The shared fixture roots look like the release they stand for, and makeRoot restores what
// git cannot keep (modes, empty dirs, the el6 zone copy).
import { afterAll, describe, expect, it } from 'vitest';
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';

afterAll(cleanupRoots);
const FAMILIES: Family[] = ['el6', 'el7', 'el8', 'el9'];
const mode = (root: string, rel: string) => lstatSync(join(root, rel)).mode & 0o7777;

describe.each(FAMILIES)('fixture root %s', (family) => {
  it('has the account files with their real modes', () => {
    const root = makeRoot(family);
    expect(mode(root, 'etc/shadow')).toBe(0o000);
    expect(mode(root, 'etc/gshadow')).toBe(0o000);
    expect(mode(root, 'etc/passwd')).toBe(0o644);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toMatch(/^root:x:0:0:/);
    const groups = readFileSync(join(root, 'etc/group'), 'utf8');
    expect(groups.includes('ssh_keys:')).toBe(family !== 'el6');
  });

  it('says which release it is the way the release did', () => {
    const root = makeRoot(family);
    const major = family.slice(2);
    expect(readFileSync(join(root, 'etc/oracle-release'), 'utf8')).toContain(`release ${major}.`);
    if (family === 'el6') expect(() => lstatSync(join(root, 'etc/os-release'))).toThrow();
    else expect(readFileSync(join(root, 'etc/os-release'), 'utf8')).toContain(`VERSION_ID="${major}.`);
  });

  it('keeps the hostname where that release keeps it', () => {
    const root = makeRoot(family);
    if (family === 'el6') expect(readFileSync(join(root, 'etc/sysconfig/network'), 'utf8')).toContain('HOSTNAME=localhost.localdomain');
    else expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('localhost.localdomain\n');
  });

  it('has a time zone: a relative link on systemd releases, a copy on el6', () => {
    const root = makeRoot(family);
    if (family === 'el6') {
      expect(lstatSync(join(root, 'etc/localtime')).isFile()).toBe(true);
      expect(readFileSync(join(root, 'etc/localtime')).subarray(0, 4).toString()).toBe('TZif');
    } else {
      const target = readlinkSync(join(root, 'etc/localtime'));
      expect(target.startsWith('../usr/share/zoneinfo/')).toBe(true);
      expect(readFileSync(join(root, 'etc', target)).subarray(0, 4).toString()).toBe('TZif');
    }
  });
});

describe('makeRoot and snapshotTree', () => {
  it('gives the el9 keyfile mode 0600 and adds extra files', () => {
    const root = makeRoot('el9', { '/etc/motd': 'hello\n' });
    expect(mode(root, 'etc/NetworkManager/system-connections/eth0.nmconnection')).toBe(0o600);
    expect(readFileSync(join(root, 'etc/motd'), 'utf8')).toBe('hello\n');
  });

  it('sees one changed byte and a changed mode', () => {
    const root = makeRoot('el7');
    const before = snapshotTree(root);
    expect(snapshotTree(root)).toEqual(before);
    writeFileSync(join(root, 'etc/hosts'), readFileSync(join(root, 'etc/hosts'), 'utf8') + ' ');
    expect(snapshotTree(root)).not.toEqual(before);
    expect(before.get('/etc/localtime')?.linkTarget).toBe('../usr/share/zoneinfo/America/New_York');
  });

  it('keeps the el6 rc.d links as links', () => {
    const root = makeRoot('el6');
    expect(readlinkSync(join(root, 'etc/rc.d/rc3.d/S08iptables'))).toBe('../init.d/iptables');
    expect(readlinkSync(join(root, 'etc/rc.d/rc3.d/K74ntpd'))).toBe('../init.d/ntpd');
  });
});
