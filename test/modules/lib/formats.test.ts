// The value formats of template.d/params/formats.ts (tested here, beside the SDK validation that
// applies them): each format's accepted and refused values, and the rules shared by all.
import { describe, expect, it } from 'vitest';
import { FORMATS, checkFormat, splitList } from '../../../template.d/params/formats.js';

const GOOD: Record<string, string[]> = {
  bool: ['True', 'False'],
  'yes-no': ['yes', 'no'],
  uint: ['0', '1000', '4294967295'],
  ipv4: ['192.0.2.10', '0.0.0.0', '255.255.255.255'],
  ipv6: ['2001:db8::10', '::1', 'fe80::1', '::ffff:192.0.2.1'],
  ip: ['192.0.2.10', '2001:db8::1'],
  'ipv4-list': ['8.8.8.8', '8.8.8.8,8.8.4.4', '8.8.8.8, 8.8.4.4'],
  'ip-list': ['192.0.2.53,2001:db8::53'],
  line: ['anything at all', 'p@ss w0rd $(not run)'],
  'text-lines': ['ssh-ed25519 AAAA a@b', 'line one\nline two\n', 'crlf\r\nlines'],
  netmask: ['255.255.255.0', '255.255.255.255', '0.0.0.0', '255.255.254.0', '24', '0', '32'],
  hostname: ['vm1', 'vm1.example.com', 'a-b.c-d.example', 'x'.repeat(63), `${'a'.repeat(30)}.${'b'.repeat(29)}.com`],
  'domain-list': ['us.example.com,cn.example.com', 'example.com'],
  'ntp-server-list': ['time.example.com,0.example.pool.ntp.org', '192.0.2.123'],
  mac: ['00:16:3E:28:0F:4E', 'aa:bb:cc:dd:ee:ff'],
  ifname: ['eth0', 'ens3', 'bond0.100', 'eth0:1', 'x'.repeat(15)],
  mtu: ['68', '1500', '9000', '65535'],
  name: ['root', 'oracle', '_svc', 'user-1', 'machine$', 'a'.repeat(32)],
  'name-list': ['wheel,dba', 'wheel'],
  timezone: ['America/New_York', 'UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires'],
  datetime: ['2011-4-7-9-2-42', '2024-02-29-23-59-59', '2011-04-07-09-02-42'],
  'hosts-line': ['192.0.2.10 vm1.example.com vm1', '2001:db8::1 v6host', '192.0.2.10  spaced   names'],
};

const BAD: Record<string, string[]> = {
  // Any text is fine; only control characters other than line breaks are refused (below).
  'text-lines': [],
  line: [],
  bool: ['true', 'yes', '1', ''],
  'yes-no': ['Yes', 'True'],
  uint: ['-1', '01', '1.5', '4294967296', ''],
  ipv4: ['192.0.2', '192.0.2.256', '01.2.3.4', '0x7f.0.0.1', '1.2.3.4 ', '192.0.2.1/24'],
  ipv6: ['2001:db8::g', 'fe80::1%eth0', '192.0.2.1', ':::'],
  ip: ['localhost', ''],
  'ipv4-list': ['8.8.8.8,,8.8.4.4', '8.8.8.8,', 'dns.example.com'],
  'ip-list': ['1.2.3.4,nope'],
  netmask: ['255.0.255.0', '255.255.255.1', '33', '-1', '/24', '255.255.255'],
  hostname: ['-vm', 'vm-', 'vm_1', 'a..b', '.a', 'a.', 'x'.repeat(64), `${'a'.repeat(30)}.${'b'.repeat(30)}.com`, `${'a.'.repeat(127)}aa`, 'vm 1', '192.0.2.1', ''],
  'domain-list': ['a.com,,b.com', 'a.com;b.com'],
  'ntp-server-list': ['time.example.com,bad host'],
  mac: ['00:16:3E:28:0F', '00-16-3E-28-0F-4E', '00:16:3E:28:0F:4G'],
  ifname: ['', 'x'.repeat(16), 'a/b', 'a b', '.', '..', 'eth0;reboot', '$x', 'eth0|cat', '-eth0', '`id`'],
  mtu: ['67', '65536', '1500.0'],
  name: ['Root', '1user', 'us er', 'a'.repeat(33), 'a$b'],
  'name-list': ['wheel,,dba', 'wheel,Dba'],
  timezone: ['/etc/passwd', '../../etc/passwd', 'America/../etc', 'America//New_York', 'Amer ica/X', 'America/New_York/'],
  datetime: ['2011-2-30-1-1-1', '2011-13-1-1-1-1', '2011-4-7-24-0-0', '2011-4-7-9-60-0', '2011-4-7 9:2:42', '11-4-7-9-2-42', '1969-1-1-0-0-0'],
  'hosts-line': ['192.0.2.10', 'vm1 192.0.2.10', '192.0.2.10 bad_name', '999.0.2.10 vm1'],
};

describe('formats', () => {
  it('covers every format in the table (this list grows with it)', () => {
    expect(Object.keys(GOOD).sort()).toEqual(Object.keys(FORMATS).sort());
    expect(Object.keys(BAD).sort()).toEqual(Object.keys(FORMATS).sort());
  });

  for (const name of Object.keys(FORMATS)) {
    it(`${name}: accepts good values, refuses bad ones with a message that shows an example`, () => {
      for (const value of GOOD[name]!) expect(checkFormat(name, value), `${name} ${JSON.stringify(value)}`).toBeUndefined();
      for (const value of BAD[name]!) {
        const problem = checkFormat(name, value);
        expect(problem, `${name} ${JSON.stringify(value)}`).toBeDefined();
        expect(problem).toContain(FORMATS[name]!.example);
      }
      expect(checkFormat(name, FORMATS[name]!.example)).toBeUndefined();
    });
  }

  it('every format refuses control characters (line breaks only where the format allows them)', () => {
    for (const name of Object.keys(FORMATS)) {
      const lines = FORMATS[name]!.lines === true;
      for (const bad of lines ? ['\0', '\t', '\u001b'] : ['\n', '\r', '\0', '\t', '\u001b']) {
        expect(checkFormat(name, `${GOOD[name]![0]}${bad}`), name).toMatch(/control character/);
      }
    }
  });

  it('an unknown format name accepts anything (third-party descriptors must not block a run)', () => {
    expect(checkFormat('no-such-format', 'anything at all')).toBeUndefined();
    expect(checkFormat('__proto__', 'x')).toBeUndefined();
  });

  it('splitList trims blanks around items', () => {
    expect(splitList(' a , b,c ')).toEqual(['a', 'b', 'c']);
  });
});
