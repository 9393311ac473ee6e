import { describe, expect, it } from 'vitest';
import { isRelevant, secretKeysOf, validateParamSet, type ModuleDescriptors } from '../../../template.d/params/validate-set.js';

const network: ModuleDescriptors = {
  name: 'network',
  descriptors: [
    { key: 'net.device.0' },
    { key: 'net.bootproto.0', choices: ['dhcp', 'static'], depends: 'net.device.0' },
    { key: 'net.ipaddr.0', required: true, format: 'ipv4', depends: 'net.bootproto.0', requires: ['net.bootproto.0', ['static', 'none', null]] },
  ],
};
const auth: ModuleDescriptors = {
  name: 'authentication',
  descriptors: [{ key: 'root-password', required: true, password: true, choices: ['only-this'] }],
};

describe('validateParamSet', () => {
  it('accepts a complete, valid set', () => {
    const params = { 'net.device.0': 'eth0', 'net.bootproto.0': 'static', 'net.ipaddr.0': '10.0.0.5', 'root-password': 'only-this' };
    expect(validateParamSet([network, auth], params)).toEqual([]);
  });

  it('names the key and the module for a missing required key', () => {
    expect(validateParamSet([auth], {})).toEqual(['root-password: required by module "authentication" but not set']);
  });

  it('honours depends and requires: a required key is only required when relevant', () => {
    expect(validateParamSet([network], {})).toEqual([]);
    expect(validateParamSet([network], { 'net.device.0': 'eth0', 'net.bootproto.0': 'dhcp' })).toEqual([]);
    expect(validateParamSet([network], { 'net.device.0': 'eth0', 'net.bootproto.0': 'static' })).toEqual([
      'net.ipaddr.0: required by module "network" but not set',
    ]);
  });

  it('refuses a value outside choices and a malformed value, via the format table', () => {
    const errors = validateParamSet([network], { 'net.device.0': 'eth0', 'net.bootproto.0': 'bootp', 'net.ipaddr.0': '10.0.0.300' });
    expect(errors[0]).toBe('net.bootproto.0: "bootp" is not allowed by module "network" (choose one of: dhcp, static)');
    expect(errors[1]).toMatch(/^net\.ipaddr\.0: .*10\.0\.0\.300.* \(module "network"\)$/);
  });

  it('never quotes the value of a password key', () => {
    const [error] = validateParamSet([auth], { 'root-password': 's3cret-canary' });
    expect(error).toContain('root-password');
    expect(error).not.toContain('s3cret-canary');
  });
});

describe('isRelevant and secretKeysOf', () => {
  it('treats an empty value as unset, matching null in requires', () => {
    expect(isRelevant(network.descriptors[2]!, { 'net.bootproto.0': '' })).toBe(false);
    expect(isRelevant({ key: 'x', requires: ['y', [null]] }, { y: '' })).toBe(true);
  });

  it('collects password keys from every module, once', () => {
    expect(secretKeysOf([auth, auth, network])).toEqual(['root-password']);
  });
});
