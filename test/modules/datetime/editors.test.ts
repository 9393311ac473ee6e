// The pure editors of the time-service and clock files: in-place replacement, every other line
// kept byte for byte, and a second application changing nothing.
import { describe, expect, it } from 'vitest';
import { setChronyLocalSource, setChronyServers } from '../../../modules/datetime/chrony-conf.js';
import { setNtpLocalSource, setNtpServers } from '../../../modules/datetime/ntp-conf.js';
import { setAdjtimeMode, setClockVars } from '../../../modules/datetime/clock-files.js';

const CHRONY = [
  '# Use public servers from the pool.ntp.org project.',
  'pool 2.rhel.pool.ntp.org iburst',
  'server 10.0.0.1',
  '',
  '# Record the rate at which the system clock gains/losses time.',
  'driftfile /var/lib/chrony/drift',
  '# Serve time even if not synchronized to a time source.',
  '#local stratum 10',
  'logdir /var/log/chrony',
  '',
].join('\n');

const NTP = [
  'driftfile /var/lib/ntp/drift',
  'restrict 127.0.0.1',
  'server 0.rhel.pool.ntp.org iburst',
  'server 1.rhel.pool.ntp.org iburst',
  '#server\t127.127.1.0\t# local clock',
  '#fudge\t127.127.1.0 stratum 10',
  'includefile /etc/ntp/crypto/pw',
  '',
].join('\n');

describe('chrony.conf', () => {
  it('replaces server and pool lines in place and keeps the rest', () => {
    const out = setChronyServers(CHRONY, ['time.example.com', '192.0.2.1']);
    expect(out.split('\n').slice(0, 4)).toEqual([
      '# Use public servers from the pool.ntp.org project.',
      'server time.example.com iburst',
      'server 192.0.2.1 iburst',
      '',
    ]);
    expect(out).not.toMatch(/pool 2\.rhel|10\.0\.0\.1/);
    expect(out).toContain('driftfile /var/lib/chrony/drift\n');
    expect(setChronyServers(out, ['time.example.com', '192.0.2.1'])).toBe(out);
  });

  it('appends sources to a file that has none', () => {
    expect(setChronyServers('driftfile /x\n', ['a.example.com'])).toBe('driftfile /x\nserver a.example.com iburst\n');
  });

  it('adds local stratum 10 after the stock comment, and removes it again', () => {
    const on = setChronyLocalSource(CHRONY, true);
    expect(on).toContain('#local stratum 10\nlocal stratum 10\nlogdir');
    expect(setChronyLocalSource(on, true)).toBe(on);
    expect(setChronyLocalSource(on, false)).toBe(CHRONY);
  });

  it('keeps commented-out sources', () => {
    expect(setChronyServers('#server old.example.com\n', ['n.example.com'])).toBe(
      '#server old.example.com\nserver n.example.com iburst\n',
    );
  });
});

describe('ntp.conf', () => {
  it('replaces network sources and leaves reference clocks', () => {
    const withLocal = setNtpLocalSource(NTP, true);
    const out = setNtpServers(withLocal, ['time.example.com']);
    expect(out).toContain('restrict 127.0.0.1\nserver time.example.com iburst\n#server');
    expect(out).toContain('server 127.127.1.0 # local clock\nfudge 127.127.1.0 stratum 10\n');
    expect(out).not.toContain('rhel.pool');
    expect(setNtpServers(out, ['time.example.com'])).toBe(out);
  });

  it('puts the local clock pair after the stock commented pair and removes it cleanly', () => {
    const on = setNtpLocalSource(NTP, true);
    expect(on).toContain('#fudge\t127.127.1.0 stratum 10\nserver 127.127.1.0 # local clock\nfudge 127.127.1.0 stratum 10\ninclude');
    expect(setNtpLocalSource(on, true)).toBe(on);
    expect(setNtpLocalSource(on, false)).toBe(NTP);
  });
});

describe('clock files', () => {
  it('sets the third line of adjtime and keeps the first two', () => {
    expect(setAdjtimeMode('0.013 1300000000 0.0\n1300000000\nUTC\n', false)).toBe(
      '0.013 1300000000 0.0\n1300000000\nLOCAL\n',
    );
    expect(setAdjtimeMode(undefined, true)).toBe('0.0 0 0.0\n0\nUTC\n');
  });

  it('sets ZONE and UTC in sysconfig/clock, keeping comments, quoting and other lines', () => {
    const clock = '# set by installer\nZONE="UTC"\nUTC=true\nARC=false\n';
    expect(setClockVars(clock, { ZONE: 'Europe/Paris' })).toBe('# set by installer\nZONE="Europe/Paris"\nUTC=true\nARC=false\n');
    expect(setClockVars(clock, { UTC: false })).toBe('# set by installer\nZONE="UTC"\nUTC=false\nARC=false\n');
    expect(setClockVars(undefined, { UTC: true })).toBe('UTC=true\n');
  });
});
