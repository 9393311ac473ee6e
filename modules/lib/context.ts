// Builds the ModuleContext a handler receives: the root (OVM_TEMPLATE_ROOT, default "/"),
// whether it is the running system, the distro family, the read-only file view, the log, and
// a runner for query-only commands. Environment and probes are passed in, so tests can build
// the same context over a scratch root.
import { detectFamily } from './family-detect.js';
import { hostExists, lstat } from './host-fs.js';
import { createRootFiles } from './root-files.js';
import { checkRoot } from './root-path.js';
import { createUserFiles } from './user-files/read.js';
import type { CommandRunner, FamilyId, Logger, ModuleContext, Target } from './types.js';

/** Inputs of createContext; the overrides exist for tests. */
export interface ContextOptions {
  env: Record<string, string | undefined>;
  target: Target;
  dryRun: boolean;
  runner: CommandRunner;
  log: Logger;
  /** Overrides detection (tests); otherwise read from the root's release files. */
  family?: FamilyId;
  /** Overrides live detection (tests); otherwise see isLive. */
  live?: boolean;
}

/** Why: the root every path is resolved against; it must be an existing absolute directory. */
export function rootFromEnv(env: Record<string, string | undefined>): string {
  const raw = env.OVM_TEMPLATE_ROOT || '/';
  const root = checkRoot(raw);
  if (lstat(root)?.isDirectory !== true) {
    throw new Error(`OVM_TEMPLATE_ROOT=${raw} is not an existing directory; set it to the root to configure, or unset it for /`);
  }
  return root;
}

/**
 * Why: live-only changes (service start, setenforce) make sense only on the running system:
 * the root is "/", an init system is up, and OVM_TEMPLATE_OFFLINE=1 does not say otherwise.
 */
export function isLive(root: string, env: Record<string, string | undefined>): boolean {
  if (root !== '/' || env.OVM_TEMPLATE_OFFLINE === '1') return false;
  return hostExists('/run/systemd/system') || hostExists('/proc/1/comm');
}

/** Why: the one constructor of handler contexts, used by the protocol adapter and tests. */
export function createContext(options: ContextOptions): ModuleContext {
  const root = rootFromEnv(options.env);
  const files = createRootFiles(root);
  return {
    root,
    live: options.live ?? isLive(root, options.env),
    dryRun: options.dryRun,
    target: options.target,
    family: options.family ?? detectFamily(files, root),
    files,
    userFiles: createUserFiles(root),
    log: options.log,
    run: options.runner,
  };
}
