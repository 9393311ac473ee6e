// Distro-family detection from the release files under the root, against the shared fixture
// roots and hand-made variants.
import { afterAll, describe, expect, it } from 'vitest';
import { FAMILIES, traits } from '../../../modules/lib/distro.js';
import { FamilyError, detectFamily } from '../../../modules/lib/family-detect.js';
import { createRootFiles } from '../../../modules/lib/root-files.js';
import { cleanupRoots, makeRoot } from '../../helpers/roots.js';
import type { Family } from '../../helpers/roots.js';

afterAll(cleanupRoots);

const detect = (root: string) => detectFamily(createRootFiles(root), root);

describe('detectFamily', () => {
  it.each(['el6', 'el7', 'el8', 'el9'] as Family[])('recognises the %s fixture root', (family) => {
    expect(detect(makeRoot(family))).toBe(family);
  });

  it.each([
    ['ID="ol"\nVERSION_ID="7.9"\n', 'el7'],
    ['ID=rhel\nVERSION_ID=8.10\n', 'el8'],
    ['ID="almalinux"\nVERSION_ID="9.4"\n', 'el9'],
    ['ID="rocky"\nVERSION_ID="10.0"\n', 'el9'],
    ['ID="someclone"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8"\n', 'el8'],
  ])('os-release %j is %s', (osRelease, family) => {
    const root = makeRoot('el8');
    expect(detectFamily(createRootFiles(root), root)).toBe('el8');
    expect(detect(makeRoot('el8', { '/etc/os-release': osRelease }))).toBe(family);
  });

  it('falls back to redhat-release when there is no os-release', () => {
    const root = makeRoot('el6');
    expect(createRootFiles(root).exists('/etc/os-release')).toBe(false);
    expect(detect(root)).toBe('el6');
  });

  it('names the file when the distribution is not one it configures', () => {
    const root = makeRoot('el8', { '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n' });
    expect(() => detect(root)).toThrow(FamilyError);
    expect(() => detect(root)).toThrow(`${root}/etc/os-release says ID=debian VERSION_ID=12`);
    const five = 'Enterprise Linux Enterprise Linux Server release 5.11 (Carthage)\n';
    const old = makeRoot('el6', { '/etc/oracle-release': five, '/etc/redhat-release': five, '/etc/system-release': five });
    expect(() => detect(old)).toThrow(/oracle-release says .*release 5\.11/);
  });

  it('says which files it looked for when there are none', () => {
    const root = makeRoot('el8');
    const files = createRootFiles(root);
    const none = { ...files, read: () => undefined };
    expect(() => detectFamily(none, root)).toThrow(/neither .*\/etc\/os-release nor .*\/etc\/redhat-release exists/);
  });
});

describe('the family table', () => {
  it('has a row per family with the facts of the spec', () => {
    expect(Object.keys(FAMILIES).sort()).toEqual(['el6', 'el7', 'el8', 'el9']);
    expect(traits('el6').firewall.services).toEqual(['iptables', 'ip6tables']);
    expect(traits('el7').firewall).toEqual({ services: ['firewalld'], fallback: ['iptables', 'ip6tables'] });
    expect(traits('el9').network).toMatchObject({ style: 'keyfile', mode: 0o600 });
    expect(traits('el6').hostname).toEqual({ style: 'sysconfig', path: '/etc/sysconfig/network' });
    expect(traits('el6').time.service).toBe('ntpd');
    expect(traits('el8').time).toMatchObject({ service: 'chronyd', config: '/etc/chrony.conf' });
  });
});
