// Validation before the handler: declared keys (and any index of an indexed key) are checked
// for control characters, choices and format; unknown keys pass through untouched.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../modules/lib/types.js';
import type { Descriptor } from '../../../modules/lib/types.js';
import { parseParamSet, secretValues, validateParams } from '../../../modules/lib/validate.js';
import { descriptorFor } from '../../../template.d/params/indexed-keys.js';

const D: Descriptor[] = [
  { key: 'com.oracle.linux.network.ipaddr.0', format: 'ipv4' },
  { key: 'com.oracle.linux.network.ipaddr.1', format: 'ipv4', hidden: true },
  { key: 'com.oracle.linux.network.bootproto.0', choices: ['dhcp', 'static'] },
  { key: 'com.oracle.linux.root-password', password: true, required: true },
  { key: 'com.oracle.linux.user.password.0', password: true, format: 'name' },
  { key: 'com.oracle.linux.network.hostname', format: 'hostname' },
];

function refusal(params: Record<string, string>): InputError | undefined {
  try {
    validateParams(D, params);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
}

describe('descriptorFor', () => {
  it('covers any index of a declared indexed key, and only the same base', () => {
    expect(descriptorFor(D, 'com.oracle.linux.network.ipaddr.12')?.key).toBe('com.oracle.linux.network.ipaddr.12');
    expect(descriptorFor(D, 'com.oracle.linux.network.ipaddr.1')?.hidden).toBe(true);
    expect(descriptorFor(D, 'com.oracle.linux.network.ipaddrx.3')).toBeUndefined();
    expect(descriptorFor(D, 'com.oracle.linux.network.hostname.2')).toBeUndefined();
  });
});

describe('validateParams', () => {
  it('accepts good values and ignores keys it does not declare', () => {
    expect(
      refusal({
        'com.oracle.linux.network.ipaddr.5': '192.0.2.5',
        'com.oracle.linux.network.bootproto.0': 'static',
        'com.mycompany.linux.anything': 'bad\nvalue is not ours',
      }),
    ).toBeUndefined();
  });

  it('refuses a bad format on any index, naming the key', () => {
    const e = refusal({ 'com.oracle.linux.network.ipaddr.7': '192.0.2.300' });
    expect(e?.key).toBe('com.oracle.linux.network.ipaddr.7');
    expect(e?.message).toContain('"192.0.2.300" is not an IPv4 address');
  });

  it('refuses a value outside choices, listing them', () => {
    expect(refusal({ 'com.oracle.linux.network.bootproto.0': 'bootp' })?.message).toBe('"bootp" is not one of: dhcp, static');
  });

  it('refuses control characters even without a format', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\0b', 'a\u0085b']) {
      expect(refusal({ 'com.oracle.linux.root-password': bad })?.message).toMatch(/control character/);
    }
  });

  it('lets line breaks through only for keys the module lists as multi-line', () => {
    const keys = [{ key: 'com.oracle.linux.ssh.private-key.0', password: true }, { key: 'com.oracle.linux.ssh.user.0' }];
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\r\nAAAA\nBBBB\n-----END OPENSSH PRIVATE KEY-----\n';
    expect(() => validateParams(keys, { 'com.oracle.linux.ssh.private-key.3': pem }, ['com.oracle.linux.ssh.private-key.0'])).not.toThrow();
    expect(() => validateParams(keys, { 'com.oracle.linux.ssh.private-key.3': pem })).toThrow(/control character/);
    expect(() => validateParams(keys, { 'com.oracle.linux.ssh.private-key.0': `${pem}\0` }, ['com.oracle.linux.ssh.private-key.0'])).toThrow(
      /other than a line break/,
    );
    expect(() => validateParams(keys, { 'com.oracle.linux.ssh.user.0': 'a\nb' }, ['com.oracle.linux.ssh.private-key.0'])).toThrow(InputError);
  });

  it('never repeats a secret in its message', () => {
    const e = refusal({ 'com.oracle.linux.user.password.3': 'Not A Name' });
    expect(e?.key).toBe('com.oracle.linux.user.password.3');
    expect(e?.message).not.toContain('Not A Name');
  });

  it('a hostile host name (shell word, newline injection) is refused', () => {
    for (const bad of ['vm1; rm -rf /', 'vm1\nHOSTNAME=evil', '$(reboot)', 'a'.repeat(64)]) {
      expect(refusal({ 'com.oracle.linux.network.hostname': bad })?.key).toBe('com.oracle.linux.network.hostname');
    }
  });
});

describe('parseParamSet and secretValues', () => {
  it('accepts an object of strings (empty input is an empty set) and refuses anything else', () => {
    expect(parseParamSet('{"a":"1"}')).toEqual({ a: '1' });
    expect(parseParamSet('  \n')).toEqual({});
    expect(() => parseParamSet('[1]')).toThrow(/JSON object/);
    expect(() => parseParamSet('{"a":')).toThrow(/not valid JSON/);
    expect(() => parseParamSet('{"a":true}')).toThrow(InputError);
  });

  it('collects the values of password keys, indexed ones included', () => {
    const secrets = secretValues(D, { 'com.oracle.linux.root-password': 'pw1', 'com.oracle.linux.user.password.4': 'pw2', other: 'x' });
    expect(secrets.sort()).toEqual(['pw1', 'pw2']);
  });
});
