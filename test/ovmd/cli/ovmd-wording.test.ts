// ovmd's one-shot actions as a user reads them, on the built command and scratch roots: a value
// that could not be sent says it will not be sent later, counts have no "(s)", and -s cleanup says
// what it reset and what comes next, or, on a wrong root, that nothing changed.
// Needs `make build` (dist/bin, dist/modules).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../template.d/helpers/run-command.js';

const top = resolve(import.meta.dirname, '../../..');
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function scratch(withTemplateDir: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'ovmd-wording-'));
  roots.push(root);
  if (!withTemplateDir) return root;
  // An EL8 system (its os-release tells the modules the family), with an empty module farm.
  cpSync(join(top, 'test/fixtures/roots/el8'), root, { recursive: true });
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  return root;
}

const ovmd = (root: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCommand(process.execPath, [join(top, 'dist/bin/ovmd'), '--root', root, ...args], { env: { ...process.env, XENSTORED_PATH: join(root, 'no-xenstore'), ...env } });

describe('ovmd -p while xenstore is down', () => {
  it('stores the value, says it was NOT sent and will not be sent later, and exits 1', async () => {
    const root = scratch(true);
    const r = await ovmd(root, ['-p', 'com.example.a=b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ovmd: stored on this guest, but NOT sent to the host, and it will not be sent later \(run the same ovmd -p again once xenstore works\): xenstore cannot be reached/);
    expect((await ovmd(root, ['-g', 'com.example.a'])).stdout).toBe('b\n');
    expect((await ovmd(root, ['-x'])).stdout).toBe('deleted 1 parameter\n');
  });
});

describe('ovmd -s cleanup', () => {
  it('after the run: which modules reset what, the parameters removed, and the next step', async () => {
    const root = scratch(true);
    copyFileSync(join(top, 'dist/modules/system'), join(root, 'etc/template.d/scripts/system'));
    chmodSync(join(root, 'etc/template.d/scripts/system'), 0o755);
    execFileSync(process.execPath, [join(top, 'dist/bin/ovm-chkconfig'), '--root', root, '--add', 'system'], { stdio: 'pipe' });
    await ovmd(root, ['-p', 'com.example.a=b']);
    const r = await ovmd(root, ['-s', 'cleanup']);
    expect(r.code, r.stderr).toBe(0);
    const tail = r.stdout.slice(r.stdout.indexOf('cleanup: ok'));
    expect(tail.split('\n').slice(1)).toEqual([
      `Reset by 1 module: system (each one's messages are in ${root}/var/log/ovm-template-config.log).`,
      "ovmd's stored parameters: 1 parameter removed; ovmd -l now shows what the template starts with: nothing.",
      'Until the next boot ovmd keeps its state under /run/ovmd, so the disk keeps none of it.',
      `Next: arm first-boot configuration (INITIAL_CONFIG=yes in ${root}/etc/sysconfig/ovm-template-initial-config), then shut the VM down (poweroff) without starting it again, and make the template from its disk.`,
      '',
    ]);
    // Armed: the next step is only the shutdown.
    writeFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'INITIAL_CONFIG=yes\n');
    const armed = await ovmd(root, ['-s', 'cleanup']);
    expect(armed.stdout).toContain('Next: shut the VM down (poweroff) without starting it again, and make the template from its disk; first-boot configuration is armed.\n');
  });

  it('on a root without /etc/template.d: refused, and nothing sealed or written', async () => {
    const root = scratch(false);
    const r = await ovmd(root, ['-s', 'cleanup']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ovmd: ${root}/etc/template.d does not exist: check --root; nothing was changed\n`);
    expect(existsSync(join(root, 'run'))).toBe(false);
    expect(existsSync(join(root, 'var'))).toBe(false);
  });
});
