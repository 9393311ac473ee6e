import { describe, expect, it } from 'vitest';
import { descriptorFor } from '../../../template.d/params/indexed-keys.js';
import type { Descriptor } from '../../../template.d/params/descriptor.js';

const D: Descriptor[] = [
  { key: 'n.device.0' },
  { key: 'n.bootproto.0', depends: 'n.device.0', choices: ['dhcp', 'static'] },
  { key: 'n.ipaddr.0', depends: 'n.bootproto.0', requires: ['n.bootproto.0', ['static', null]], format: 'ipv4' },
  { key: 'n.ipaddr.1', hidden: true, depends: 'n.bootproto.1', requires: ['n.bootproto.1', ['static', null]], format: 'ipv4' },
  { key: 'n.hostname' },
];

describe('descriptorFor', () => {
  it('returns a declared key as declared', () => {
    expect(descriptorFor(D, 'n.ipaddr.1')).toBe(D[3]);
  });

  it('moves an undeclared index onto the first sibling, dependencies included', () => {
    expect(descriptorFor(D, 'n.ipaddr.7')).toEqual({
      key: 'n.ipaddr.7',
      depends: 'n.bootproto.7',
      requires: ['n.bootproto.7', ['static', null]],
      format: 'ipv4',
    });
  });

  it('knows nothing of keys without a declared stem, or unindexed keys with an index added', () => {
    expect(descriptorFor(D, 'n.gateway.3')).toBeUndefined();
    expect(descriptorFor(D, 'n.hostname.2')).toBeUndefined();
  });
});
