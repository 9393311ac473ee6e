// The system module as the runner calls it: bundled like scripts/build.ts does, run as a
// process over a scratch root whose family is detected from its release files.
import { execa } from 'execa';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import network from '../../../modules/network.js';
import system from '../../../modules/system.js';
import { bundleDir, bundleModule, callModule, installModules } from '../lib/bundle.js';
import { installCommands, type Installed } from '../../template.d/helpers/built.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../modules');
let dir: string;
let systemBin: string;
let networkBin: string;
let installed: Installed;

beforeAll(async () => {
  dir = bundleDir();
  systemBin = await bundleModule(`${MODULES}/system.ts`, system, dir);
  networkBin = await bundleModule(`${MODULES}/network.ts`, network, dir);
  installed = installCommands();
}, 240_000);

afterAll(() => {
  cleanupRoots();
  installed?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('system executable', () => {
  it('supports only cleanup, and cleans an el9 root, logging each removal', async () => {
    const root = makeRoot('el9', { 'root/.bash_history': 'history\n', 'tmp/junk': 'x\n' });
    const refused = await callModule(systemBin, ['configure'], root, {});
    expect(refused.exitCode).not.toBe(0);
    const dry = await callModule(systemBin, ['cleanup', '--dry-run'], root, {});
    const steps = (JSON.parse(dry.stdout) as { plan: { action: string; path: string }[] }).plan;
    expect(steps.map((s) => `${s.action} ${s.path}`)).toEqual(['write /etc/machine-id', 'remove /root/.bash_history', 'remove /tmp/junk']);
    const out = await callModule(systemBin, ['cleanup'], root, {});
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain('removed /root/.bash_history');
    expect(out.stderr).toContain('removed /tmp/junk');
    const after = snapshotTree(root);
    expect(after.has('/root/.bash_history')).toBe(false);
    expect(after.get('/etc/machine-id')?.content).toBe('');
  });
});

describe('system cleanup through ovm-template-config', () => {
  it("empties the run log of the template's configuration, keeping this cleanup's own account to its end", async () => {
    const builder = '2026-01-01T00:00:00.000Z configure 50network: info: wrote /etc/hosts of the builder\n';
    const root = makeRoot('el6', { 'var/log/ovm-template-config.log': builder, 'tmp/junk': 'x\n' });
    await installModules(root, { system: systemBin, network: networkBin }, installed.bin('ovm-chkconfig'));
    const run = await execa(installed.bin('ovm-template-config'), ['--root', root, '--stdin', 'cleanup'], { input: '{}', reject: false, timeout: 120_000 });
    expect(run.exitCode, String(run.stdout) + String(run.stderr)).toBe(0);
    const log = readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8');
    expect(log).not.toContain('of the builder');
    expect(log).toMatch(/^\S+ cleanup: run started: 50network 90system\n/);
    // network (50) said what it reset; system (90) what it removed; then the end of the run.
    expect(log).toContain('removed /etc/udev/rules.d/70-persistent-net.rules');
    expect(log).toContain('removed /tmp/junk');
    expect(log).toMatch(/cleanup: run finished: ok in [0-9]+ ms\n$/);
  }, 180_000);
});
