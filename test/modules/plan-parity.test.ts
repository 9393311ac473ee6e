// The plan is the run: every stock module, bundled as the build makes it and installed with the
// real ovm-chkconfig, gets a full first-boot batch through the real ovm-template-config, first
// with --dry-run --json, then for real. Per family, the paths the plan says it writes, removes
// or links are exactly the paths that changed under the root, and a second real run of the
// same batch leaves the root byte-identical.
import { execa } from 'execa';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/registry.js';
import { installCommands, type Installed } from '../template.d/helpers/built.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family, type TreeEntry } from '../helpers/roots.js';
import { bundleDir, bundleModule, installModules } from './lib/bundle.js';

const TOP = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUN_LOG = '/var/log/ovm-template-config.log';
// systemctl --root makes these links itself: the plan names the command, not each link.
const SYSTEMCTL_OWNED = /^\/etc\/systemd\/system\//;
// The shadow tools (run commands in the plan) rewrite these, plus their backups and lock.
const SHADOW_TOOLS = /^\/etc\/(passwd|shadow|group|gshadow)-?$|^\/etc\/\.pwd\.lock$|^\/home\/|^\/var\/spool\/mail\//;

const BATCH: Record<string, string> = {
  'com.oracle.linux.selinux.mode': 'permissive',
  'com.oracle.linux.network.firewall': 'False',
  'com.oracle.linux.datetime.timezone': 'Asia/Tokyo',
  'com.oracle.linux.datetime.utc': 'False',
  'com.oracle.linux.datetime.ntp': 'True',
  'com.oracle.linux.datetime.ntp-servers': 'ntp1.example.com',
  'com.oracle.linux.network.hostname': 'vm1.example.com',
  'com.oracle.linux.network.device.0': 'eth0',
  'com.oracle.linux.network.onboot.0': 'yes',
  'com.oracle.linux.network.bootproto.0': 'static',
  'com.oracle.linux.network.ipaddr.0': '192.0.2.10',
  'com.oracle.linux.network.netmask.0': '255.255.255.0',
  'com.oracle.linux.network.gateway.0': '192.0.2.1',
  'com.oracle.linux.network.dns-servers.0': '192.0.2.53',
  'com.oracle.linux.network.dns-search-domains.0': 'example.com',
  'com.oracle.linux.network.host.0': '192.0.2.10 vm1.example.com vm1',
  'com.oracle.linux.network.device.3': 'eth3',
  'com.oracle.linux.network.bootproto.3': 'dhcp',
  'com.oracle.linux.group.name.0': 'dba',
  'com.oracle.linux.group.action.0': 'add',
  'com.oracle.linux.user.name.0': 'oracle',
  'com.oracle.linux.user.action.0': 'add',
  'com.oracle.linux.user.groups.0': 'dba',
  'com.oracle.linux.user.password.0': 'Parity-user-pw 1',
  'com.oracle.linux.root-password': 'Parity-root-pw 2',
};

let installed: Installed;
let bundles: string;
const bins: Record<string, string> = {};

beforeAll(async () => {
  installed = installCommands();
  bundles = bundleDir();
  for (const decl of MODULES) bins[decl.name] = await bundleModule(join(TOP, 'modules', `${decl.name}.ts`), decl, bundles);
}, 240_000);

afterAll(() => {
  cleanupRoots();
  installed?.remove();
  if (bundles) rmSync(bundles, { recursive: true, force: true });
});

const guest = (family: Family) => installModules(makeRoot(family), bins, installed.bin('ovm-chkconfig'));

function configure(root: string, extra: string[] = []) {
  return execa(installed.bin('ovm-template-config'), ['--root', root, ...extra, '--stdin', 'configure'], {
    input: JSON.stringify(BATCH),
    reject: false,
    timeout: 180_000,
  });
}

/** Paths whose entry differs between the two snapshots (added, changed or gone). */
function changed(before: Map<string, TreeEntry>, after: Map<string, TreeEntry>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => !after.get(p)?.dir && !before.get(p)?.dir && JSON.stringify(before.get(p)) !== JSON.stringify(after.get(p)));
}

describe.each(['el6', 'el9'] as Family[])('plan and real run of a full first-boot batch, %s', (family) => {
  it('plans exactly the paths the real run changes, and a re-run changes nothing', async () => {
    const root = await guest(family);
    const before = snapshotTree(root);
    const dry = await configure(root, ['--dry-run', '--json']);
    expect(dry.exitCode, String(dry.stdout) + String(dry.stderr)).toBe(0);
    expect(snapshotTree(root)).toEqual(before);
    const report = JSON.parse(String(dry.stdout)) as { modules: { name: string; plan?: { action: string; path?: string; unchanged?: true }[] }[] };
    const planned = report.modules.flatMap((m) => m.plan ?? []).filter((s) => s.path !== undefined && !s.unchanged).map((s) => s.path!);

    const real = await configure(root);
    expect(real.exitCode, String(real.stdout) + String(real.stderr)).toBe(0);
    const after = snapshotTree(root);
    const written = changed(before, after).filter((p) => p !== RUN_LOG && !SYSTEMCTL_OWNED.test(p) && !SHADOW_TOOLS.test(p));
    expect([...new Set(planned)].sort()).toEqual(written.sort());
    expect(planned.length).toBeGreaterThan(5);

    const again = await configure(root);
    expect(again.exitCode, String(again.stdout) + String(again.stderr)).toBe(0);
    const last = snapshotTree(root);
    last.delete(RUN_LOG);
    after.delete(RUN_LOG);
    expect(last).toEqual(after);
  }, 300_000);
});
