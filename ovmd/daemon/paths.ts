// Every guest path ovmd touches, relocated under --root (default "/") so that tests and the
// demo work on a scratch directory. Paths: shared spec ovmd.md "State and files" and
// packaging.md; the run/ layout below /run/ovmd is this project's.
import { isAbsolute, join, resolve } from 'node:path';

/** Every guest path ovmd uses, already relocated under the root. */
export interface OvmdPaths {
  root: string;
  /** Non-secret parameters, counters and run records (persistent, 0700). */
  stateDir: string;
  paramsDir: string;
  /** Secret parameters, control socket, PID file (memory-backed /run, 0700). */
  runDir: string;
  secretsDir: string;
  controlSocket: string;
  pidFile: string;
  sysconfigOvmd: string;
  sysconfigInitial: string;
  templateDir: string;
  runLog: string;
}

/** Resolves a guest path (absolute, as on the installed system) under the root. */
export function underRoot(root: string, guestPath: string): string {
  if (!isAbsolute(guestPath)) throw new Error(`internal: guest path ${guestPath} must be absolute`);
  const base = resolve(root);
  const full = resolve(base, `.${guestPath}`);
  if (full !== base && !full.startsWith(base === '/' ? '/' : `${base}/`)) {
    throw new Error(`path ${guestPath} escapes the root ${base}`);
  }
  return full;
}

/** All paths for one root. */
export function ovmdPaths(root = '/'): OvmdPaths {
  const at = (p: string) => underRoot(root, p);
  const stateDir = at('/var/lib/ovmd');
  const runDir = at('/run/ovmd');
  return {
    root: resolve(root),
    stateDir,
    paramsDir: join(stateDir, 'params'),
    runDir,
    secretsDir: join(runDir, 'secrets'),
    controlSocket: join(runDir, 'control.sock'),
    pidFile: join(runDir, 'ovmd.pid'),
    sysconfigOvmd: at('/etc/sysconfig/ovmd'),
    sysconfigInitial: at('/etc/sysconfig/ovm-template-initial-config'),
    templateDir: at('/etc/template.d'),
    runLog: at('/var/log/ovm-template-config.log'),
  };
}
