// Who may use the parameter store: root, or the owner of the store directory (a scratch root in
// tests). The check runs before any action so a refused user gets one clear sentence.
import { existsSync, statSync } from 'node:fs';
import type { OvmdPaths } from '../daemon/paths.js';

/** Throws with a clear message when the caller may not use the store. */
export function checkStoreAccess(paths: OvmdPaths): void {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) return;
  for (const dir of [paths.stateDir, paths.runDir]) {
    if (existsSync(dir) && statSync(dir).uid === uid) return;
  }
  throw new Error(`only root may use the ovmd parameter store (${paths.stateDir}); run this command as root`);
}
