// Template sealing: `ovmd -s cleanup` (or a cleanup event) empties /var/lib/ovmd so the template
// carries no parameters and no run history (shared spec ovmd.md, "Oracle facts": cleanup, then
// shut down). From the moment a cleanup starts until the next boot, every ovmd process keeps what
// it would have written there (parameters, run records, the last processed number, what it
// reported) under /run/ovmd instead, which is memory-backed and gone after the shutdown. The
// marker lives in /run/ovmd too, so a reboot (or a fresh /run) ends the sealed state by itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from './atomic-file.js';
import type { OvmdPaths } from './paths.js';

/** The marker file: present from the start of a cleanup run until /run is cleared (reboot). */
export function sealMarker(paths: OvmdPaths): string {
  return join(paths.runDir, 'sealed');
}

/** Why: every writer asks this before touching /var/lib/ovmd, so a sealed template stays empty. */
export function isSealed(paths: OvmdPaths): boolean {
  return existsSync(sealMarker(paths));
}

/** Why: called before a cleanup run starts, so nothing that run or later ones write lands in the template. */
export function markSealed(paths: OvmdPaths): void {
  ensurePrivateDir(paths.runDir);
  writeFileAtomic(sealMarker(paths), `${new Date().toISOString()}\n`, 0o600);
}

/** Why: the directory for persistent state right now: /var/lib/ovmd, or its stand-in under /run/ovmd when sealed. */
export function liveStateDir(paths: OvmdPaths): string {
  return isSealed(paths) ? join(paths.runDir, 'after-cleanup') : paths.stateDir;
}

/** Why: where non-secret parameters go right now (see liveStateDir). */
export function liveParamsDir(paths: OvmdPaths): string {
  return isSealed(paths) ? join(liveStateDir(paths), 'params') : paths.paramsDir;
}
