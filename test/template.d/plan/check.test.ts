// ovm-template-config --check, and --dry-run without the trigger, with the built command and the
// real built-in modules on an el9 scratch root: a good batch, misspelled keys (the nearest
// declared key named), a value the firewall module would ignore, a batch modules refuse. Each
// leaves the root byte-identical, the log included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRoots, snapshotTree } from '../../helpers/roots.js';
import { demoBatch, freshPublicKey } from '../../e2e/demo-batch.js';
import { install, realGuestRoot, run, type Install } from '../../e2e/ovmd-harness.js';

const L = 'com.oracle.linux.';
let inst: Install;
let root: string;
/** The demo batch without its trigger (the root password), as `ovmd -l` prints it after a run. */
let untriggered: [string, string][];

beforeAll(() => {
  inst = install();
  root = realGuestRoot(inst);
  untriggered = demoBatch('unused', 'Check-User-CANARY-62', freshPublicKey()).filter(([k]) => k !== `${L}root-password`);
}, 240_000);
afterAll(() => {
  inst?.remove();
  cleanupRoots();
});

const lines = (batch: [string, string][]) => batch.map(([k, v]) => `${k}=${v}\n`).join('');

async function tpc(args: string[], batch: [string, string][]) {
  const before = snapshotTree(root);
  const result = await run(inst.bin('ovm-template-config'), ['--root', root, '--stdin', ...args, 'configure'], { input: lines(batch) });
  expect(snapshotTree(root), 'the root changed').toEqual(before);
  return result;
}

describe('ovm-template-config --check', () => {
  it('a good batch without the trigger: no refusal, the module that would not run named, exit 0', async () => {
    const result = await tpc(['--check'], untriggered);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Checked ${untriggered.length} parameters against 7 modules for configure; nothing was changed.`);
    expect(result.stdout).toMatch(/^No module refuses the batch\.$/m);
    expect(result.stdout).toMatch(/^note: authentication: would not run: com\.oracle\.linux\.root-password is required but not set$/m);
    expect(result.stdout).not.toMatch(/^warning:/m);
    expect(result.stdout).not.toContain('Check-User-CANARY-62');
  });

  it('warns about misspelled keys with the nearest declared key, at the same index', async () => {
    const batch: [string, string][] = [[`${L}network.hostnmae`, 'vm1.example.com'], [`${L}network.ipadr.3`, '192.0.2.9'], [`${L}zzz.nothing-like-it`, 'x']];
    const result = await tpc(['--check'], batch);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`warning: ${L}network.hostnmae: no installed module declares this key, so every module ignores it; did you mean ${L}network.hostname?`);
    expect(result.stdout).toContain(`did you mean ${L}network.ipaddr.3?`);
    expect(result.stdout).toMatch(new RegExp(`^warning: ${L.replace(/\./g, '\\.')}zzz\\.nothing-like-it: no installed module declares this key, so every module ignores it$`, 'm'));
  });

  it('warns about a value the firewall module would ignore', async () => {
    const result = await tpc(['--check'], [[`${L}network.firewall`, 'true']]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warning: module firewall: com.oracle.linux.network.firewall is "true", neither "True" nor "False": firewall left as it is (did you mean "True"?)');
  });

  it('lists every reason modules refuse, in text and --json, and exits 3', async () => {
    const batch: [string, string][] = [...untriggered.map(([k, v]): [string, string] => [k, k.endsWith('timezone') ? 'Mars/Olympus' : k.endsWith('gateway.0') ? '198.51.100.1' : v])];
    const text = await tpc(['--check'], batch);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('The batch would be refused (2 reasons):');
    const json = await tpc(['--check', '--json'], batch);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout);
    expect(report.status).toBe('invalid');
    expect(report.errors.map((e: { key: string; module: string }) => [e.key, e.module])).toEqual([
      [`${L}datetime.timezone`, 'datetime'],
      [`${L}network.gateway.0`, 'network'],
    ]);
  });

  it('goes with neither --dry-run nor --enumerate', async () => {
    const result = await run(inst.bin('ovm-template-config'), ['--root', root, '--check', '--dry-run', 'configure']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--check goes with neither --enumerate, --dry-run nor --output');
  });
});

describe('--dry-run without the trigger', () => {
  it('plans everything else and says which module would not run and why (the README pipe after a run)', async () => {
    const result = await tpc(['--dry-run'], untriggered);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^  not run +90 authentication .*would not run: com\.oracle\.linux\.root-password is required but not set$/m);
    expect(result.stdout).toMatch(/^  planned +50 network/m);
    expect(result.stdout).toMatch(/Dry run of configure: 6 planned, 0 without a plan, 0 failed/);
  });
});
