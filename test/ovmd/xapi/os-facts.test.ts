// data/os_* from release files: the names xe-guest-utilities' mk/xe-linux-distribution gives
// for the same files (its testcases: oracle 8 7, rocky 8 7, debian 11 6, rhel 7 9, centos 7 9).
import { describe, expect, it } from 'vitest';
import { osFacts } from '../../../ovmd/xapi/os-facts.js';
import { parseMeminfo } from '../../../ovmd/xapi/meminfo.js';
import { AddressSlots } from '../../../ovmd/xapi/address-slots.js';
import { renderReport, updatedStamp } from '../../../ovmd/xapi/report-layout.js';

const one = (path: string, text: string) => osFacts(new Map([[path, text]]), '5.15.0');

describe('os facts', () => {
  it.each([
    ['/etc/oracle-release', 'Oracle Linux Server release 8.7\n', 'oracle', '8', '7'],
    ['/etc/rocky-release', 'Rocky Linux release 8.7 (Green Obsidian)\n', 'rocky', '8', '7'],
    ['/etc/redhat-release', 'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n', 'rhel', '7', '9'],
    ['/etc/centos-release', 'CentOS Linux release 7.9.2009 (Core)\n', 'centos', '7', '9'],
    ['/etc/enterprise-release', 'Enterprise Linux Enterprise Linux Server release 5.5 (Carthage)\n', 'oracle', '5', '5'],
    ['/etc/debian_version', '11.6\n', 'debian', '11', '6'],
  ])('%s', (path, text, distro, major, minor) => {
    expect(one(path, text)).toMatchObject({ os_distro: distro, os_majorver: major, os_minorver: minor, os_uname: '5.15.0' });
  });

  it('names come from the first line (Debian prefixed), os-release is the last resort', () => {
    expect(one('/etc/debian_version', '12.5\n')?.os_name).toBe('Debian 12.5');
    expect(one('/etc/os-release', 'ID=ubuntu\nVERSION_ID="22.04"\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\n'))
      .toEqual({ os_distro: 'ubuntu', os_majorver: '22', os_minorver: '04', os_name: 'Ubuntu 22.04.4 LTS', os_uname: '5.15.0' });
    expect(one('/etc/os-release', 'ID=arch\n')).toMatchObject({ os_majorver: 'unknown', os_minorver: 'unknown', os_name: 'arch' });
    // Oracle's own file wins over os-release and over redhat-release.
    expect(osFacts(new Map([['/etc/os-release', 'ID="ol"\n'], ['/etc/redhat-release', 'Red Hat Enterprise Linux release 9.4 (Plow)'], ['/etc/oracle-release', 'Oracle Linux Server release 9.4']]), 'u')?.os_distro).toBe('oracle');
    expect(osFacts(new Map([['/etc/debian_version', 'trixie/sid\n'], ['/etc/os-release', 'ID=debian\n']]), 'u')?.os_distro).toBe('debian');
    expect(osFacts(new Map(), 'u')).toBeUndefined();
  });
});

describe('meminfo, slots, layout', () => {
  it('free memory is MemAvailable when the kernel has it, else MemFree', () => {
    expect(parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable: 40 kB\n')).toEqual({ totalKb: 100, freeKb: 40 });
    expect(parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\n')).toEqual({ totalKb: 100, freeKb: 10 });
    expect(parseMeminfo('')).toBeUndefined();
  });

  it('an address keeps its slot; a new one takes the lowest free slot', () => {
    const s = new AddressSlots();
    expect(s.assign(0, 'ipv4', ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(s.assign(0, 'ipv4', ['a', 'c'])).toEqual(['a', undefined, 'c']);
    expect(s.assign(0, 'ipv4', ['a', 'c', 'd'])).toEqual(['a', 'd', 'c']);
    expect(s.assign(0, 'ipv4', ['a'])).toEqual(['a']);
    s.keepOnly([]);
    expect(s.assign(0, 'ipv4', ['z'])).toEqual(['z']);
  });

  it('renders the documented paths; data/updated has the asctime shape', () => {
    const map = renderReport({ vifs: [{ vifId: 2, ipv4: ['192.0.2.1', undefined, '192.0.2.3'], ipv6: ['2001:db8::1'] }], version: '2.3.4', balloon: false, memory: { totalKb: 9, freeKb: 3 } });
    expect(Object.fromEntries(map)).toMatchObject({
      'attr/vif/2/ipv4/0': '192.0.2.1', 'attr/vif/2/ipv4/2': '192.0.2.3', 'attr/vif/2/ipv6/0': '2001:db8::1',
      'attr/PVAddons/MajorVersion': '2', 'attr/PVAddons/MinorVersion': '3', 'attr/PVAddons/MicroVersion': '4',
      'control/feature-balloon': '0', 'data/meminfo_total': '9', 'data/meminfo_free': '3',
    });
    expect(map.has('attr/vif/2/ipv4/1')).toBe(false);
    expect(updatedStamp(new Date(2006, 0, 2, 15, 4, 5))).toBe('Mon Jan  2 15:04:05 2006');
  });
});
