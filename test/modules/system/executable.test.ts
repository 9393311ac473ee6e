// The system module as the runner calls it: bundled like scripts/build.ts does, run as a
// process over a scratch root whose family is detected from its release files.
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import system from '../../../modules/system.js';
import { bundleDir, bundleModule, callModule } from '../lib/bundle.js';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../modules');
let dir: string;
let systemBin: string;

beforeAll(async () => {
  dir = bundleDir();
  systemBin = await bundleModule(`${MODULES}/system.ts`, system, dir);
}, 120_000);

afterAll(() => {
  cleanupRoots();
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
