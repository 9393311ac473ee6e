// The key <-> vm-data path rule (docs/xapi.md): dots are path separators, segments are what
// xenstored accepts in a node name, and a key that cannot be mapped is refused with a reason.
import { describe, expect, it } from 'vitest';
import { keyToVmDataPath, vmDataKeyProblem, vmDataSegmentsToKey } from '../../../ovmd/xapi/key-path.js';
import { checkVmDataBatch } from '../../../ovmd/xapi/vm-data.js';

describe('vm-data key mapping', () => {
  it('maps dots to path separators and back', () => {
    expect(keyToVmDataPath('com.oracle.linux.network.device.0')).toBe('vm-data/com/oracle/linux/network/device/0');
    expect(vmDataSegmentsToKey(['com', 'oracle', 'linux', 'network', 'device', '0'])).toBe('com.oracle.linux.network.device.0');
    expect(keyToVmDataPath('com.oracle.linux.root-password')).toBe('vm-data/com/oracle/linux/root-password');
    expect(keyToVmDataPath('my_key@x')).toBe('vm-data/my_key@x');
  });

  it.each([
    ['.lead', /may not start or end with "\."/],
    ['trail.', /may not start or end with "\."/],
    ['a..b', /nor hold "\.\."/],
    ['com/oracle', /only letters, digits, "-", "_" and "@"/],
    ['com.oracle:x', /only letters, digits/],
    ['café.x', /only letters, digits/],
  ])('refuses %s', (key, reason) => {
    expect(vmDataKeyProblem(key)).toMatch(reason);
    expect(() => keyToVmDataPath(key)).toThrow(reason);
  });

  it('a batch is refused whole, naming every bad key; events and hidden directories too', () => {
    expect(() => checkVmDataBatch([{ key: 'good.key', value: '1' }, { key: 'bad:key', value: '2' }, { key: 'VMAPIEvent', value: 'x' }]))
      .toThrow(/"bad:key" cannot be sent as vm-data.*VMAPIEvent cannot be sent as vm-data/);
    expect(() => checkVmDataBatch([{ key: 'a.b', value: '' }, { key: 'a.b.c', value: '1' }])).toThrow(/empty value and is also the parent/);
    expect(() => checkVmDataBatch([{ key: 'a.b', value: 'v' }, { key: 'a.b.c', value: '1' }])).not.toThrow();
    expect(() => checkVmDataBatch([{ key: 'k', value: 'x'.repeat(8192) }])).toThrow(/at most 8191/);
  });
});
