// The environment a module runs with (docs/module-protocol.md, "Environment"): a fixed, minimal
// set and nothing from the caller, because a caller's variables (PATH, PYTHONPATH, LD_PRELOAD,
// NODE_OPTIONS...) would otherwise choose the code a root run executes. Parameters never go into
// the environment: only stdin carries them.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAFE_PATH } from './tool-path.js';

/**
 * The bundled templateconfig package: `<dir of this bundle>/../python` (dist/bin ->
 * dist/python in the build tree, template.d/runner -> template.d/python from source).
 */
export function bundledPythonDir(): string | undefined {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../python');
  return existsSync(join(dir, 'templateconfig')) ? dir : undefined;
}

/** Why: every module process gets the same environment, whoever started the run. */
export function moduleEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: SAFE_PATH,
    // UTF-8 without depending on a generated locale: C.UTF-8 is built into glibc 2.35+ and
    // shipped by every supported distribution.
    LANG: 'C.UTF-8',
    OVM_TEMPLATE_ROOT: resolve(root),
    // No __pycache__ next to templateconfig or the modules: a run (and above all a dry run)
    // leaves nothing behind but the changes the modules make.
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const python = bundledPythonDir();
  if (python) env.PYTHONPATH = python;
  return env;
}
