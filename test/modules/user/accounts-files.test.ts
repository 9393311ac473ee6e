// Pure parsers of the root's account files and the crypt-hash recogniser (modules/accounts).
import { describe, expect, it } from 'vitest';
import { hashScheme, refuseHash, saltOf } from '../../../modules/accounts/crypt-hash.js';
import { loginDefsFlag, parseGroup, parsePasswd, parseShadow } from '../../../modules/accounts/passwd-files.js';

describe('passwd, group and shadow parsers', () => {
  it('reads passwd entries and skips comments, NIS lines and malformed ids', () => {
    const text = '# comment\nroot:x:0:0:root:/root:/bin/bash\n+nis::::::\nbad:x:abc:0::/:/bin/sh\nalice:x:1500:5000:Alice A.:/home/alice:/bin/bash\n\n';
    expect(parsePasswd(text)).toEqual([
      { name: 'root', uid: 0, gid: 0, gecos: 'root', home: '/root', shell: '/bin/bash' },
      { name: 'alice', uid: 1500, gid: 5000, gecos: 'Alice A.', home: '/home/alice', shell: '/bin/bash' },
    ]);
    expect(parsePasswd(undefined)).toEqual([]);
  });

  it('reads group members, an empty list included', () => {
    expect(parseGroup('wheel:x:10:alice,bob\nusers:x:100:\n')).toEqual([
      { name: 'wheel', gid: 10, members: ['alice', 'bob'] },
      { name: 'users', gid: 100, members: [] },
    ]);
  });

  it('reads shadow names and hashes', () => {
    expect(parseShadow('root:$6$s$h:19000:0:99999:7:::\nbin:*:19000::::::\n')).toEqual([
      { name: 'root', hash: '$6$s$h' },
      { name: 'bin', hash: '*' },
    ]);
  });

  it('reads a yes/no flag of login.defs, ignoring comments', () => {
    expect(loginDefsFlag('# USERGROUPS_ENAB no\nUSERGROUPS_ENAB   yes\n', 'USERGROUPS_ENAB')).toBe(true);
    expect(loginDefsFlag('USERGROUPS_ENAB no\n', 'USERGROUPS_ENAB')).toBe(false);
    expect(loginDefsFlag(undefined, 'USERGROUPS_ENAB')).toBeUndefined();
  });
});

describe('crypt hashes', () => {
  const sha512 = `$6$saltsalt$${'a'.repeat(86)}`;
  const rounds = `$6$rounds=10000$abc$${'b'.repeat(86)}`;
  const sha256 = `$5$salt$${'c'.repeat(43)}`;
  const yescrypt = `$y$j9T$salt$${'d'.repeat(43)}`;
  const md5 = `$1$abcdefgh$${'e'.repeat(22)}`;

  it('recognises whole hashes only', () => {
    expect([sha512, rounds, sha256, yescrypt, md5].map(hashScheme)).toEqual(['sha512', 'sha512', 'sha256', 'yescrypt', 'md5']);
    expect(hashScheme('$6$just a password')).toBeUndefined();
    expect(hashScheme(`${sha512}x`)).toBeUndefined();
    expect(hashScheme(`$6$salt$${'a'.repeat(85)}:`)).toBeUndefined();
  });

  it('refuses MD5 everywhere and yescrypt before el9, never repeating the value', () => {
    expect(refuseHash(md5, 'el9')).toMatch(/MD5/);
    expect(refuseHash(yescrypt, 'el8')).toMatch(/el8 cannot verify/);
    expect(refuseHash(yescrypt, 'el9')).toBeUndefined();
    expect(refuseHash(sha512, 'el6')).toBeUndefined();
    expect(refuseHash('plain words', 'el6')).toBeUndefined();
    expect(refuseHash(md5, 'el7')).not.toContain('abcdefgh');
  });

  it('finds the salt openssl needs to verify a hash, rounds included', () => {
    expect(saltOf(sha512)).toEqual({ option: '-6', salt: 'saltsalt' });
    expect(saltOf(rounds)).toEqual({ option: '-6', salt: 'rounds=10000$abc' });
    expect(saltOf(yescrypt)).toBeUndefined();
    expect(saltOf('!!')).toBeUndefined();
  });
});
