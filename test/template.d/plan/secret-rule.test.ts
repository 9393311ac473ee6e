// The one secret rule: a key is secret when any installed module flags it (enabled or not, for
// any target) or its name says so. Before it, secrecy came only from the modules selected for
// the run, so `-s network --json` (or a run with the authentication module switched off)
// printed the root and user passwords in clear in --json and --output.
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRoots } from '../../helpers/roots.js';
import { demoBatch, freshPublicKey } from '../../e2e/demo-batch.js';
import { install, realGuestRoot, type Install } from '../../e2e/ovmd-harness.js';
import { runCommand } from '../helpers/run-command.js';
import { FIXTURES } from '../helpers/scratch-root.js';

const ROOT_PW = 'Rule-Root-CANARY-5521';
const USER_PW = 'Rule-User-CANARY-7730';
const TOKEN = 'Vault-Token-CANARY-1188';
let inst: Install;
let batch: Record<string, string>;

beforeAll(() => {
  inst = install();
  batch = Object.fromEntries(demoBatch(ROOT_PW, USER_PW, freshPublicKey()));
}, 240_000);
afterAll(() => {
  inst?.remove();
  cleanupRoots();
});

/** Runs the built command with --json and --output 4; returns the report and the output set. */
async function jsonRun(root: string, args: string[], params: Record<string, string>) {
  const result = await runCommand(inst.bin('ovm-template-config'), ['--root', root, '--stdin', '--json', '--output', '4', ...args, 'configure'], {
    stdin: JSON.stringify(params),
    collect: [4],
  });
  return { ...result, report: JSON.parse(result.stdout), output: JSON.parse(result.fds[4] || '{}') };
}

function expectNoSecret(run: { stdout: string; stderr: string; fds: Record<number, string> }, secrets: string[]): void {
  for (const s of secrets) for (const text of [run.stdout, run.stderr, run.fds[4] ?? '']) expect(text).not.toContain(s);
}

describe('the one secret rule', () => {
  it('-s network --json masks the root and user passwords and leaves them out of --output', async () => {
    const root = realGuestRoot(inst);
    const run = await jsonRun(root, ['-s', 'network', '--dry-run'], batch);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.params['com.oracle.linux.root-password']).toBe('********');
    expect(run.report.params['com.oracle.linux.user.password.0']).toBe('********');
    expect(run.report.secretKeys).toEqual(expect.arrayContaining(['com.oracle.linux.root-password', 'com.oracle.linux.user.password.0']));
    expect(run.output).not.toHaveProperty('com.oracle.linux.root-password');
    expectNoSecret(run, [ROOT_PW, USER_PW]);
  });

  it('masks the root password when its module (authentication) is switched off', async () => {
    const root = realGuestRoot(inst);
    execFileSync(inst.bin('ovm-chkconfig'), ['--root', root, '--del', 'authentication']);
    const run = await jsonRun(root, ['-s', 'selinux'], { ...batch, 'com.oracle.linux.selinux.mode': 'permissive' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.params['com.oracle.linux.root-password']).toBe('********');
    expect(run.output).not.toHaveProperty('com.oracle.linux.root-password');
    expectNoSecret(run, [ROOT_PW, USER_PW]);
  });

  it('a key only a switched-off third-party module flags (no secret-looking name) is masked too', async () => {
    const root = realGuestRoot(inst);
    for (const m of ['keyholder', 'echo']) cpSync(join(FIXTURES, m), join(root, 'etc/template.d/scripts', m));
    execFileSync(inst.bin('ovm-chkconfig'), ['--root', root, '--add', 'echo']); // keyholder stays off
    const run = await jsonRun(root, ['-s', 'echo'], { 'com.example.vault.token': TOKEN, 'com.example.echo.word': 'hello' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.params['com.example.vault.token']).toBe('********');
    expect(run.report.secretKeys).toContain('com.example.vault.token');
    expect(run.output).toEqual({ 'com.example.echo.word': 'hello' });
    expectNoSecret(run, [TOKEN]);
  });

  it('a key whose name says secret is masked though no module declares it', async () => {
    const root = realGuestRoot(inst);
    const run = await jsonRun(root, ['-s', 'network', '--dry-run'], { 'com.example.db-password': 'Db-CANARY-4471' });
    expect(run.report.params['com.example.db-password']).toBe('********');
    expectNoSecret(run, ['Db-CANARY-4471']);
  });
});
