// Finds the modules enabled for a target: the links in <root>/etc/template.d/<target>.d/,
// sorted by link name like SysV rc.d (shared spec template-config.md, "Directory layout").
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../params/descriptor.js';
import { parseLinkName, targetDir, templateDir } from '../chkconfig/layout.js';
import { templateDirState } from '../chkconfig/state.js';
import { trustedModuleFile, UntrustedModuleError } from '../chkconfig/module-trust.js';
import { explainNotFound } from './launch.js';
import { explainNotEnabled } from './not-enabled.js';
import { RunnerError } from './errors.js';
import type { EnabledModule } from './types.js';

/** Plain code-unit order, as the shell's glob and rc.d use (not locale order). */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The file to run for a link, resolved inside the root (links made by ovm-chkconfig are relative,
 * `../scripts/<name>`; an image may carry absolute ones, which under --root name the image's
 * module), and checked: a module that someone other than root could change is not run.
 */
function resolveModule(root: string, link: string): { file: string; problem?: string } {
  try {
    return { file: trustedModuleFile(root, link) };
  } catch (error) {
    if (error instanceof UntrustedModuleError) return { file: link, problem: `refused: ${error.message}` };
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? explainNotFound(link) : (error as Error).message;
    return { file: link, problem: `cannot run: ${why}` };
  }
}

function listLinks(root: string, target: Target): EnabledModule[] {
  const dir = targetDir(root, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort(byName)
    .flatMap((entry) => {
      const parsed = parseLinkName(entry);
      const path = join(dir, entry);
      return parsed ? [{ ...parsed, entry, path, ...resolveModule(root, path) }] : [];
    });
}

/** Why: the run order and the `--script` restriction are decided here and nowhere else. */
export function discoverModules(root: string, target: Target, scripts?: string[]): EnabledModule[] {
  const state = templateDirState(root);
  if (state === 'denied') {
    throw new RunnerError('no-template-dir', `permission denied: cannot read ${templateDir(root)}; run as root`);
  }
  if (state === 'missing') {
    throw new RunnerError('no-template-dir', `${templateDir(root)} does not exist: check --root`);
  }
  const enabled = listLinks(root, target);
  if (!scripts || scripts.length === 0) return enabled;
  const missing = scripts.filter((s) => !enabled.some((m) => m.name === s));
  if (missing.length) {
    throw new RunnerError('not-enabled', `cannot run for ${target}: ${explainNotEnabled(root, target, missing)}`);
  }
  return enabled.filter((m) => scripts.includes(m.name));
}
