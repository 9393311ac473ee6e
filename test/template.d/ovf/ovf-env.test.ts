// The OVF environment parser on its own: both document shapes hosts write, namespace prefixes,
// classes and instances, what is skipped, and a clear error for every malformed input.
import { describe, expect, it } from 'vitest';
import { OvfError, parseOvfEnvironment } from '../../../template.d/ovf/ovf-env.js';
import { oracleEnvironment, oracleTemplateProperties } from './iso-fixture.js';
import { BAD_KEYS } from '../params/bad-keys.js';

function errorOf(text: string): string {
  try {
    parseOvfEnvironment(text);
  } catch (error) {
    expect(error).toBeInstanceOf(OvfError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('parseOvfEnvironment', () => {
  it('maps the com.oracle.linux ProductSection of Oracle\'s template to full keys', () => {
    const env = parseOvfEnvironment(oracleEnvironment(oracleTemplateProperties('s3cret pw'), ['root-password']));
    expect(env.params).toEqual({
      'com.oracle.linux.network.hostname': 'ovfvm.example.com',
      'com.oracle.linux.network.device.0': 'eth0',
      'com.oracle.linux.network.onboot.0': 'yes',
      'com.oracle.linux.network.bootproto.0': 'static',
      'com.oracle.linux.network.ipaddr.0': '192.0.2.44',
      'com.oracle.linux.network.netmask.0': '255.255.255.0',
      'com.oracle.linux.network.gateway.0': '192.0.2.1',
      'com.oracle.linux.network.dns-servers.0': '192.0.2.53,192.0.2.54',
      'com.oracle.linux.network.dns-search-domains.0': 'example.com,lab.example.com',
      'com.oracle.linux.root-password': 's3cret pw',
    });
    expect(env.passwordKeys).toEqual(['com.oracle.linux.root-password']);
  });

  it('maps other classes the same way, with the instance last', () => {
    const xml = `<Environment xmlns:ovf="urn:x">
      <ovf:ProductSection ovf:class="com.mycompany.linux"><ovf:Property ovf:key="partition.device.0" ovf:value="/dev/xvdb"/></ovf:ProductSection>
      <ovf:ProductSection ovf:class="com.oracle.linux.etchosts" ovf:instance="2"><ovf:Property ovf:key="hostname" ovf:value="db"/></ovf:ProductSection>
      <ovf:ProductSection><ovf:Property ovf:key="bare" ovf:value="v"/></ovf:ProductSection>
    </Environment>`;
    expect(parseOvfEnvironment(xml).params).toEqual({
      'com.mycompany.linux.partition.device.0': '/dev/xvdb',
      'com.oracle.linux.etchosts.hostname.2': 'db',
      bare: 'v',
    });
  });

  it('reads the DSP0243 PropertySection with qualified keys, whatever the namespace prefix', () => {
    const xml = `<?xml version="1.0"?>
      <oe:Environment xmlns:oe="http://schemas.dmtf.org/ovf/environment/1">
        <oe:PropertySection>
          <oe:Property oe:key="com.oracle.linux.network.hostname" oe:value="a.example.com"/>
          <oe:Property oe:key="com.oracle.linux.datetime.timezone" oe:value="Europe/London"/>
        </oe:PropertySection>
      </oe:Environment>`;
    expect(parseOvfEnvironment(xml).params).toEqual({
      'com.oracle.linux.network.hostname': 'a.example.com',
      'com.oracle.linux.datetime.timezone': 'Europe/London',
    });
  });

  it('decodes XML escapes, keeps values verbatim, and leaves out empty values', () => {
    const xml = `<Environment><ProductSection class="c"><Property key="a" value="x &amp; &lt;y&gt; &quot;z&quot;"/>
      <Property key="n" value="007"/><Property key="empty" value=""/><Property key="novalue"/></ProductSection></Environment>`;
    expect(parseOvfEnvironment(xml).params).toEqual({ 'c.a': 'x & <y> "z"', 'c.n': '007' });
  });

  it('ignores the sections of sub-entities (other virtual machines)', () => {
    const xml = `<Environment><PropertySection><Property key="mine" value="1"/></PropertySection>
      <Entity id="other"><PropertySection><Property key="theirs" value="2"/></PropertySection></Entity></Environment>`;
    expect(parseOvfEnvironment(xml).params).toEqual({ mine: '1' });
  });

  it('accepts an environment with no properties', () => {
    expect(parseOvfEnvironment('<Environment/>').params).toEqual({});
  });

  it('refuses malformed XML with the line and column', () => {
    expect(errorOf('<Environment>\n<PropertySection>\n</Environment>')).toMatch(/not well-formed XML \(line \d+, column \d+/);
    expect(errorOf('')).toMatch(/not well-formed|root element/);
  });

  it('refuses a document that is not an OVF environment', () => {
    expect(errorOf('<Envelope><VirtualSystem/></Envelope>')).toMatch(/root element is Envelope, expected Environment/);
  });

  it('refuses a DOCTYPE (no entity expansion tricks)', () => {
    expect(errorOf('<!DOCTYPE x [<!ENTITY a "aaaa">]><Environment/>')).toMatch(/DOCTYPE/);
  });

  it('refuses a property without a key, or a key with blanks or control characters', () => {
    expect(errorOf('<Environment><PropertySection><Property value="v"/></PropertySection></Environment>')).toMatch(/without a key/);
    expect(errorOf('<Environment><PropertySection><Property key="a b" value="v"/></PropertySection></Environment>')).toMatch(/"a\\x20b" contains a blank/);
    expect(errorOf('<Environment><PropertySection><Property key="a&#10;b" value="v"/></PropertySection></Environment>')).toMatch(/"a\\nb" contains a control character/);
  });

  const env = (props: string) => `<Environment><PropertySection>${props}</PropertySection></Environment>`;
  const prop = (key: string) => `<Property key="${key.replace(/[\n\t&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}" value="v"/>`;

  it.each(BAD_KEYS.filter(([what]) => what !== 'nothing'))('refuses a property key with %s, escaped in the message', (_, key, reason) => {
    const message = errorOf(env(`<Property key="com.example.ok" value="1"/>${prop(key)}`));
    expect(message).toMatch(reason);
    expect(message).not.toMatch(/[\n\t]/);
  });

  it('refuses an empty qualified key, and lists every bad property, not only the first', () => {
    expect(errorOf(env('<Property key="" value="v"/>'))).toMatch(/empty/);
    const message = errorOf(env(`${prop('a b')}<Property key="ok" value="1"/>${prop('c=d')}${prop('e\tf')}`));
    expect(message).toMatch(/^has 3 bad properties:\n  property key "a\\x20b".*\n  property key "c=…".*\n  property key "e\\tf"/);
  });

  it('refuses an oversized value without quoting it', () => {
    const big = 'q'.repeat(9000);
    const message = errorOf(`<Environment><PropertySection><Property key="k" value="${big}"/></PropertySection></Environment>`);
    expect(message).toMatch(/the value of "k" is longer than 8192 bytes/);
    expect(message).not.toContain('qqqq');
  });
});
