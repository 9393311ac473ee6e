// Builds real ISO 9660 images for the OVF tests with Debian's xorriso (`-as mkisofs`), and the
// OVF environment documents that go on them, in the layout Oracle VM's templates use.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/** A scratch directory removed by cleanupIsos(). */
export function scratchDir(prefix = 'ovm-ovf-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `files` (path in the image -> content) and returns the path of a new .iso image. */
export function makeIso(files: Record<string, string>, options: { rockRidge?: boolean; label?: string } = {}): string {
  const dir = scratchDir();
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, rel)), { recursive: true });
    writeFileSync(join(tree, rel), content);
  }
  const iso = join(dir, 'env.iso');
  const rr = options.rockRidge === false ? [] : ['-r', '-J'];
  execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', options.label ?? 'OVF ENV', ...rr, '-o', iso, tree], { stdio: 'pipe' });
  return iso;
}

/** Removes every directory and image this test file made. */
export function cleanupIsos(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** An OVF environment with one com.oracle.linux ProductSection, as Oracle VM writes it. */
export function oracleEnvironment(properties: Record<string, string>, passwords: string[] = []): string {
  const lines = Object.entries(properties).map(([key, value]) => {
    const pw = passwords.includes(key) ? ' ovf:password="true"' : '';
    return `      <ovf:Property ovf:key="${escapeXml(key)}" ovf:type="string" ovf:value="${escapeXml(value)}"${pw}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1"',
    '    xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"',
    '    xmlns:oe="http://schemas.dmtf.org/ovf/environment/1" oe:id="vm1">',
    '  <PlatformSection><Kind>Xen</Kind><Locale>en</Locale></PlatformSection>',
    '    <ovf:ProductSection ovf:class="com.oracle.linux">',
    '      <ovf:Info>Oracle Linux template configuration</ovf:Info>',
    ...lines,
    '    </ovf:ProductSection>',
    '</Environment>',
    '',
  ].join('\n');
}

/** The property set of Oracle's OVF template, with a given root password. */
export function oracleTemplateProperties(password: string): Record<string, string> {
  return {
    'network.hostname': 'ovfvm.example.com',
    'network.device.0': 'eth0',
    'network.onboot.0': 'yes',
    'network.bootproto.0': 'static',
    'network.ipaddr.0': '192.0.2.44',
    'network.netmask.0': '255.255.255.0',
    'network.gateway.0': '192.0.2.1',
    'network.dns-servers.0': '192.0.2.53,192.0.2.54',
    'network.dns-search-domains.0': 'example.com,lab.example.com',
    'root-password': password,
  };
}
