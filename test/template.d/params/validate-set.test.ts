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
    expect(validateParamSet([auth], {})).toEqual(['root-password: required but not set (module "authentication")']);
  });

  it('honours depends and requires: a required key is only required when relevant', () => {
    expect(validateParamSet([network], {})).toEqual([]);
    expect(validateParamSet([network], { 'net.device.0': 'eth0', 'net.bootproto.0': 'dhcp' })).toEqual([]);
    expect(validateParamSet([network], { 'net.device.0': 'eth0', 'net.bootproto.0': 'static' })).toEqual([
      'net.ipaddr.0: required but not set (module "network")',
    ]);
  });

  it('refuses a value outside choices and a malformed value, via the format table', () => {
    const errors = validateParamSet([network], { 'net.device.0': 'eth0', 'net.bootproto.0': 'bootp', 'net.ipaddr.0': '10.0.0.300' });
    expect(errors[0]).toBe('net.bootproto.0: "bootp" is not allowed (choose one of: dhcp, static) (module "network")');
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

describe('validateParamSet at any index', () => {
  const net: ModuleDescriptors = {
    name: 'network',
    descriptors: [
      { key: 'net.device.0', format: 'ifname' },
      { key: 'net.bootproto.0', choices: ['dhcp', 'static'] },
      { key: 'net.ipaddr.0', format: 'ipv4', depends: 'net.bootproto.0', requires: ['net.bootproto.0', ['static', null]] },
    ],
  };
  const ssh: ModuleDescriptors = {
    name: 'ssh',
    descriptors: [{ key: 'ssh.keys.0', format: 'text-lines' }, { key: 'ssh.user.0', format: 'name' }, { key: 'ssh.pw.0', format: 'line', password: true }, { key: 'vendor.cert' }],
  };

  it('checks an index the module never enumerated exactly like index 0, before anything runs', () => {
    const errors = validateParamSet([net], { 'net.device.7': 'eth0\nONBOOT=yes', 'net.bootproto.7': 'bootp', 'net.ipaddr.7': '999.1.1.1' });
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^net\.device\.7: contains a control character/);
    expect(errors[1]).toMatch(/^net\.bootproto\.7: "bootp" is not allowed/);
    expect(errors[2]).toMatch(/^net\.ipaddr\.7: "999\.1\.1\.1" is not an IPv4 address/);
  });

  it('refuses a line break in a value without a multi-line format, and keeps the message on one line', () => {
    const [error] = validateParamSet([ssh], { 'ssh.user.3': 'alice\nroot' });
    expect(error).toBe('ssh.user.3: contains a control character (newline, carriage return, NUL...) (module "ssh")');
    const [secret] = validateParamSet([ssh], { 'ssh.pw.2': 'canary\nroot' });
    expect(secret).toBe('ssh.pw.2: the value contains a control character (newline, carriage return, NUL...) (module "ssh")');
  });

  it('leaves a key without format or choices to its module (a third-party value may span lines)', () => {
    expect(validateParamSet([ssh], { 'vendor.cert': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' })).toEqual([]);
  });

  it('lets line breaks through where the format allows them, but no other control character', () => {
    expect(validateParamSet([ssh], { 'ssh.keys.4': 'ssh-ed25519 AAAA a@b\nssh-rsa AAAA c@d\n' })).toEqual([]);
    expect(validateParamSet([ssh], { 'ssh.keys.4': 'ssh-ed25519 AAAA\u001b[2J' })[0]).toMatch(/other than a line break/);
  });
});
