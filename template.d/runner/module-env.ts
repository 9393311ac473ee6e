// The environment a module runs with (docs/module-protocol.md, "This project's additions"):
// OVM_TEMPLATE_ROOT names the root being configured, PYTHONPATH finds the templateconfig
// package. Parameters never go into the environment: only stdin carries them.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled templateconfig package: `<dir of this bundle>/../python` (dist/bin ->
 * dist/python in the build tree, template.d/runner -> template.d/python from source).
 */
export function bundledPythonDir(): string | undefined {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../python');
  return existsSync(join(dir, 'templateconfig')) ? dir : undefined;
}

/** Why: every module process gets the same, explicit environment. */
export function moduleEnv(root: string): NodeJS.ProcessEnv {
  // No __pycache__ next to templateconfig or the modules: a run (and above all a dry run) leaves
  // nothing behind but the changes the modules make.
  const env: NodeJS.ProcessEnv = { ...process.env, OVM_TEMPLATE_ROOT: resolve(root), PYTHONDONTWRITEBYTECODE: '1' };
  const python = bundledPythonDir();
  if (python) env.PYTHONPATH = [python, process.env.PYTHONPATH].filter(Boolean).join(':');
  return env;
}
