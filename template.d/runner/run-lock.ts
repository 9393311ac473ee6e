// One run at a time per root (issue 12 item 8): ovmd's runs and manual ones must never interleave
// their modules on the same system. The lock is a flock(2) lock on a file in
// /run/ovm-template-config/, one file per root (named by a hash of the root's real path). Node
// has no flock binding, so flock(1) (util-linux's, or busybox's) takes it on the descriptor we
// opened and hand it (`flock -n 3`): the lock belongs to the open file, not to the flock
// process, and so it stays ours after flock exits and is released by the kernel when our
// process ends in any way, SIGKILL included. No stale pid files, no guessing whether a pid was
// reused.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RunnerError } from './errors.js';
import { findTool, SAFE_PATH } from './tool-path.js';

/** Where the lock files live: root's tmpfs, gone at reboot like the runs they guard. */
export const LOCK_DIR = '/run/ovm-template-config';

/** How often a run that may wait tries the lock again. */
const RETRY_MS = 200;

/** Why: ovm-template-config and ovmd name the same file for the same root, however it is spelled. */
export function lockPathFor(root: string): string {
  const hash = createHash('sha256').update(realpathSync(root)).digest('hex').slice(0, 16);
  return join(LOCK_DIR, `${hash}.lock`);
}

/** The lock directory must be root's alone, or another user could hold every run off (or lie). */
function lockDir(): void {
  try {
    mkdirSync(LOCK_DIR, { mode: 0o755 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stats = lstatSync(LOCK_DIR);
  const owned = stats.uid === 0 || stats.uid === process.geteuid?.();
  if (!stats.isDirectory() || !owned || (stats.mode & 0o022) !== 0) {
    throw new Error(`${LOCK_DIR} is not a directory that only root can change`);
  }
}

function openLockFile(path: string): number {
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  const stats = fstatSync(fd);
  if (!stats.isFile() || stats.nlink !== 1 || (stats.mode & 0o022) !== 0) {
    closeSync(fd);
    throw new Error(`${path} is not a plain lock file that only root can change`);
  }
  return fd;
}

/**
 * One try of `flock -n 3` on `fd`: true when we hold the lock, false when another does. Only
 * `-n` and a descriptor number, which util-linux and busybox flock both take; both exit 1 when
 * the lock is held (so waiting is our own loop, not `flock -w`).
 */
function tryFlock(tool: string, fd: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, ['-n', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd], env: { PATH: SAFE_PATH, LC_ALL: 'C' } });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || code === 1) return resolve(code === 0);
      reject(new Error(`flock failed: ${stderr.trim() || `exit status ${code}`}`));
    });
  });
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Tries until the lock is ours or `waitSec` has passed: 'held', 'busy', or 'stopped' by the signal. */
async function flock(fd: number, waitSec: number, signal?: AbortSignal): Promise<'held' | 'busy' | 'stopped'> {
  const tool = findTool('flock');
  if (!tool) throw new Error(`flock (util-linux) is not in ${SAFE_PATH}`);
  const deadline = Date.now() + waitSec * 1000;
  for (;;) {
    if (signal?.aborted) return 'stopped';
    if (await tryFlock(tool, fd)) return 'held';
    if (Date.now() >= deadline) return 'busy';
    await pause(Math.min(RETRY_MS, deadline - Date.now()), signal);
  }
}

/** The pid the holder wrote into the lock file, if it says one. */
function holderOf(path: string): string {
  try {
    const pid = /^(\d+)/.exec(readFileSync(path, 'utf8'))?.[1];
    return pid ? `process ${pid}` : 'another process';
  } catch {
    return 'another process';
  }
}

/** A held run lock; release() lets the next run start (process exit does the same). */
export interface RunLock {
  path: string;
  release(): void;
}

export interface LockRequest {
  root: string;
  /** How long to wait for a run in progress to end; 0 refuses at once. */
  waitSec: number;
  /** Stops the wait; the lock is then not taken and `undefined` returned. */
  signal?: AbortSignal;
}

/**
 * Why: the one gate every real run passes. Throws RunnerError 'busy' naming the holder's pid
 * when another run holds the root, 'no-lock' when the lock cannot be taken at all.
 */
export async function takeRunLock(request: LockRequest): Promise<RunLock | undefined> {
  let path = LOCK_DIR;
  let fd: number | undefined;
  try {
    path = lockPathFor(request.root);
    lockDir();
    fd = openLockFile(path);
    const got = await flock(fd, request.waitSec, request.signal);
    if (got === 'stopped') return (closeSync(fd), undefined);
    if (got === 'busy') {
      closeSync(fd);
      const waited = request.waitSec > 0 ? ` still after ${request.waitSec} s` : '';
      throw new RunnerError('busy', `another run on ${request.root} is in progress${waited} (${holderOf(path)}, lock ${path}); wait for it to end, or give --wait-lock SECS`);
    }
  } catch (error) {
    if (error instanceof RunnerError) throw error;
    if (fd !== undefined) closeSync(fd);
    const denied = (error as NodeJS.ErrnoException).code === 'EACCES' ? '; run as root' : '';
    throw new RunnerError('no-lock', `cannot take the run lock ${path}: ${(error as Error).message}${denied}`);
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid} ${realpathSync(request.root)}\n`, 0);
  const held = fd;
  return { path, release: () => closeSync(held) };
}
