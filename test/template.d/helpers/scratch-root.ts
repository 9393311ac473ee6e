// Scratch roots with an /etc/template.d farm built from the fixture modules in
// test/fixtures/modules, enabled through the real ovm-chkconfig.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOP, type Installed } from './built.js';

export const FIXTURES = join(TOP, 'test/fixtures/modules');

export interface ScratchRoot {
  root: string;
  path(inside: string): string;
  remove(): void;
}

/** Copies a fixture module into scripts/ without enabling it. */
export function installScript(root: string, name: string, as = name): void {
  cpSync(join(FIXTURES, name), join(root, 'etc/template.d/scripts', as));
}

/** Why: every black-box test starts from a root with exactly the modules it names, enabled. */
export function makeTemplateRoot(installed: Installed, modules: string[]): ScratchRoot {
  const root = mkdtempSync(join(tmpdir(), 'ovm-root-'));
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  for (const name of modules) {
    installScript(root, name);
    execFileSync(installed.bin('ovm-chkconfig'), ['--root', root, '--add', name], { stdio: 'pipe' });
  }
  return {
    root,
    path: (inside) => join(root, inside),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
