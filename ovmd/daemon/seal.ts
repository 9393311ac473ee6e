// Template sealing: `ovmd -s cleanup` (or a cleanup event) empties /var/lib/ovmd so the template
// carries no parameters and no run history (shared spec ovmd.md, "Oracle facts": cleanup, then
// shut down). From the moment a cleanup starts until the next boot, every ovmd process keeps what
// it would have written there (parameters, run records, the last processed number, what it
// reported) under /run/ovmd instead, which is memory-backed and gone after the shutdown. The
// marker lives in /run/ovmd too, so a reboot (or a fresh /run) ends the sealed state by itself.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from './atomic-file.js';
import { JOURNAL_NAME, readJournal } from './intake-journal.js';
import { fileNameFor } from './param-file-name.js';
import type { OvmdPaths } from './paths.js';

/** The marker file: present from the start of a cleanup run until /run is cleared (reboot). */
export function sealMarker(paths: OvmdPaths): string {
  return join(paths.runDir, 'sealed');
}

/** Why: every writer asks this before touching /var/lib/ovmd, so a sealed template stays empty. */
export function isSealed(paths: OvmdPaths): boolean {
  return existsSync(sealMarker(paths));
}

/**
 * Why: called before a cleanup run starts, so nothing that run or later ones write lands in the
 * template. What is stored so far is copied over first: the cleanup run still gets the stored
 * parameters, and a queued event or the last message number is not forgotten.
 */
export function markSealed(paths: OvmdPaths): void {
  if (isSealed(paths)) return;
  const after = afterCleanupDir(paths);
  ensurePrivateDir(after);
  // Values still in the intake journal count as stored: they go into the copy's params, so that
  // the cleanup removes them with the rest. The journal itself is not copied, or the daemon would
  // apply it again under /run/ovmd after the cleanup. Read first: a checkpoint meanwhile only
  // moves them into params, which is copied next.
  const received = readJournal(join(paths.stateDir, JOURNAL_NAME));
  if (existsSync(paths.stateDir)) {
    cpSync(paths.stateDir, after, { recursive: true, force: true, filter: (src) => src !== join(paths.stateDir, JOURNAL_NAME) });
  }
  if (received.length > 0) {
    const params = join(after, 'params');
    ensurePrivateDir(params);
    for (const { key, value } of received) writeFileAtomic(join(params, fileNameFor(key)), JSON.stringify({ key, value }));
  }
  writeFileAtomic(sealMarker(paths), `${new Date().toISOString()}\n`, 0o600);
}

/**
 * Why: once the cleanup run has emptied /var/lib/ovmd/params, the copy made by markSealed goes
 * too, so `ovmd -l` after a cleanup shows what the template will start with: nothing.
 */
export function mirrorCleanup(paths: OvmdPaths): void {
  if (!isSealed(paths) || hasEntries(paths.paramsDir)) return;
  rmSync(join(afterCleanupDir(paths), 'params'), { recursive: true, force: true });
}

function hasEntries(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

function afterCleanupDir(paths: OvmdPaths): string {
  return join(paths.runDir, 'after-cleanup');
}

/** Why: the directory for persistent state right now: /var/lib/ovmd, or its stand-in under /run/ovmd when sealed. */
export function liveStateDir(paths: OvmdPaths): string {
  return isSealed(paths) ? afterCleanupDir(paths) : paths.stateDir;
}

/** Why: where non-secret parameters go right now (see liveStateDir). */
export function liveParamsDir(paths: OvmdPaths): string {
  return isSealed(paths) ? join(liveStateDir(paths), 'params') : paths.paramsDir;
}
