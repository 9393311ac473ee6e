// selinux: SELINUX= in /etc/selinux/config with every other line kept, per family; setenforce on
// the running system only between enforcing and permissive; reboots said out loud.
import { chmodSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTestTarget } from '../../modules/lib/test-context.js';
import type { AllowRule } from '../../modules/lib/test-context.js';
import selinux from '../../modules/selinux.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../helpers/roots.js';
import type { Family } from '../helpers/roots.js';
import { bundleDir, bundleModule, callModule } from './lib/bundle.js';

const KEY = 'com.oracle.linux.selinux.mode';
const FAMILIES: Family[] = ['el6', 'el7', 'el8', 'el9'];
const config = (root: string) => readFileSync(join(root, 'etc/selinux/config'), 'utf8');
const getenforce = (mode: string): AllowRule => ({ argv: ['getenforce'], exact: true, result: { stdout: `${mode}\n` } });
const SETENFORCE: AllowRule = { argv: ['setenforce', /^[01]$/], exact: true };

let bundles: string;
let script: string;
beforeAll(async () => {
  bundles = bundleDir();
  script = await bundleModule(join(import.meta.dirname, '../../modules/selinux.ts'), selinux, bundles);
});
afterAll(() => {
  cleanupRoots();
  rmSync(bundles, { recursive: true, force: true });
});

describe('declaration', () => {
  it('runs before the firewall (41) and offers exactly the three modes', () => {
    expect(selinux.priorities.configure).toBeLessThan(41);
    expect(selinux.parameters.configure).toEqual([
      expect.objectContaining({ key: KEY, hidden: true, choices: ['enforcing', 'permissive', 'disabled'] }),
    ]);
  });
});

describe.each(FAMILIES)('%s offline', (family) => {
  it('changes only the SELINUX= line, runs nothing, and says when it takes effect', async () => {
    const root = makeRoot(family);
    const before = config(root);
    expect(before).toMatch(/^SELINUX=enforcing$/m);
    const r = await runTestTarget(selinux, 'configure', { [KEY]: 'permissive' }, { root });
    expect(config(root)).toBe(before.replace(/^SELINUX=enforcing$/m, 'SELINUX=permissive'));
    expect(r.commands).toEqual([]);
    expect(r.logs).toContain(`info: ${root} is not the running system: SELINUX=permissive takes effect at its next boot`);
  });

  it('a re-run leaves the root byte-identical and reports "unchanged"', async () => {
    const root = makeRoot(family);
    await runTestTarget(selinux, 'configure', { [KEY]: 'disabled' }, { root });
    const tree = snapshotTree(root);
    const again = await runTestTarget(selinux, 'configure', { [KEY]: 'disabled' }, { root });
    expect(again.logs).toContain('info: unchanged: write /etc/selinux/config');
    expect(snapshotTree(root)).toEqual(tree);
  });

  it('the dry-run plan shows the diff, changes nothing, and equals the real run', async () => {
    const root = makeRoot(family);
    const before = snapshotTree(root);
    const dry = await runTestTarget(selinux, 'configure', { [KEY]: 'disabled' }, { root, dryRun: true });
    expect(snapshotTree(root)).toEqual(before);
    expect(dry.result.plan).toHaveLength(1);
    expect(dry.result.plan[0]).toMatchObject({ action: 'write', path: '/etc/selinux/config', mode: '0644' });
    expect((dry.result.plan[0] as { diff: string }).diff).toContain('-SELINUX=enforcing\n+SELINUX=disabled\n');
    const real = await runTestTarget(selinux, 'configure', { [KEY]: 'disabled' }, { root });
    expect(real.result.plan).toEqual(dry.result.plan);
  });
});

describe('reboot notices', () => {
  it('disabled warns that it needs a reboot; on el9 also that the kernel argument is the full way', async () => {
    const el8 = await runTestTarget(selinux, 'configure', { [KEY]: 'disabled' }, { root: makeRoot('el8') });
    expect(el8.logs).toContain('warning: SELinux will be disabled after the next reboot');
    expect(el8.logs.join('\n')).not.toContain('selinux=0');
    const el9 = await runTestTarget(selinux, 'configure', { [KEY]: 'disabled' }, { root: makeRoot('el9') });
    expect(el9.logs.join('\n')).toContain('kernel argument selinux=0');
  });
});

describe('file details', () => {
  it("keeps the config's mode and owner", async () => {
    const root = makeRoot('el8');
    chmodSync(join(root, 'etc/selinux/config'), 0o600);
    await runTestTarget(selinux, 'configure', { [KEY]: 'permissive' }, { root });
    expect(statSync(join(root, 'etc/selinux/config')).mode & 0o7777).toBe(0o600);
  });

  it('creates a missing config with a warning', async () => {
    const root = makeRoot('el7');
    unlinkSync(join(root, 'etc/selinux/config'));
    const r = await runTestTarget(selinux, 'configure', { [KEY]: 'enforcing' }, { root });
    expect(config(root)).toBe('SELINUX=enforcing\n');
    expect(r.logs.join('\n')).toMatch(/warning: \/etc\/selinux\/config does not exist/);
  });

  it('without the key it does nothing at all', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const r = await runTestTarget(selinux, 'configure', { other: 'x' }, { root, live: true });
    expect(r.commands).toEqual([]);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('live (guarded runner)', () => {
  const live = (mode: string, now: string, family: Family = 'el8') =>
    runTestTarget(selinux, 'configure', { [KEY]: mode }, { root: makeRoot(family), live: true, allow: [getenforce(now), SETENFORCE] });

  it.each([
    ['permissive', 'Enforcing', 'setenforce 0'],
    ['enforcing', 'Permissive', 'setenforce 1'],
  ])('%s while %s: %s', async (mode, now, command) => {
    const r = await live(mode, now);
    expect(r.commands.map((c) => c.argv.join(' '))).toEqual(['getenforce', command]);
  });

  it('the same mode as now: no setenforce', async () => {
    const r = await live('enforcing', 'Enforcing');
    expect(r.commands.map((c) => c.argv.join(' '))).toEqual(['getenforce']);
  });

  it.each([
    ['disabled', 'Enforcing'],
    ['enforcing', 'Disabled'],
    ['permissive', 'Disabled'],
  ])('%s while %s: no setenforce, and a reboot warning', async (mode, now) => {
    const r = await live(mode, now, 'el7');
    expect(r.commands.map((c) => c.argv.join(' '))).toEqual(['getenforce']);
    expect(r.logs).toContain(`warning: SELinux is ${now.toLowerCase()} now; ${mode} takes effect only after a reboot`);
  });

  it('a getenforce that fails is a clear error, and nothing is written', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const allow = [{ argv: ['getenforce'], result: { exitCode: 1, stderr: 'getenforce: permission denied\n' } }];
    await expect(runTestTarget(selinux, 'configure', { [KEY]: 'permissive' }, { root, live: true, allow })).rejects.toThrow(
      /getenforce did not report the current mode \(exit 1\): getenforce: permission denied/,
    );
    expect(snapshotTree(root)).toEqual(before);
  });

  it('without getenforce (no SELinux tools) the config is still written, with a notice', async () => {
    const root = makeRoot('el8');
    const allow = [{ argv: ['getenforce'], result: { exitCode: 127, stderr: 'getenforce: command not found\n' } }];
    const r = await runTestTarget(selinux, 'configure', { [KEY]: 'permissive' }, { root, live: true, allow });
    expect(config(root)).toMatch(/^SELINUX=permissive$/m);
    expect(r.commands.map((c) => c.argv.join(' '))).toEqual(['getenforce']);
    expect(r.logs.join('\n')).toContain('warning: getenforce is not installed');
  });
});

describe('through the protocol (bundled module)', () => {
  it.each([
    ['Enforcing', 'is not one of: enforcing, permissive, disabled'],
    ['permissive\nSELINUX=disabled', 'contains a control character'],
    ['permissive; reboot', 'is not one of'],
  ])('refuses %j: exit 2, key named, root byte-identical', async (value, message) => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const r = await callModule(script, ['configure'], root, { [KEY]: value });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`error: ${KEY}: `);
    expect(r.stderr).toContain(message);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('sets the mode and prints the parameter set back', async () => {
    const root = makeRoot('el6');
    const r = await callModule(script, ['configure'], root, { [KEY]: 'permissive' });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ [KEY]: 'permissive' });
    expect(config(root)).toMatch(/^SELINUX=permissive$/m);
    expect(r.stderr).toContain('info: wrote /etc/selinux/config (mode 0644)');
  });
});
