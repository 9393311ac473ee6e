// The only file in the module SDK that imports node:fs (house style 8): every read and write
// a module causes goes through these few operations, which the root guard calls with host
// paths it has already checked. Writes are atomic: temp file in the same directory, fsync,
// rename, fsync of the directory (writeInPlace is the one exception, for files held open).
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Owner } from './types.js';
import { DIR_FLAGS, closeAll, fstatEntry } from './user-files/at-fd.js';

/** The few stat fields the SDK uses (mode without the file-type bits). */
export interface HostStat {
  mode: number;
  uid: number;
  gid: number;
  isDirectory: boolean;
  isSymlink: boolean;
  isFile: boolean;
}

function toStat(s: fs.Stats): HostStat {
  const { mode, uid, gid } = s;
  return { mode: mode & 0o7777, uid, gid, isDirectory: s.isDirectory(), isSymlink: s.isSymbolicLink(), isFile: s.isFile() };
}

/** Why: stat without following a final symlink; undefined when nothing is there. */
export function lstat(path: string): HostStat | undefined {
  try {
    return toStat(fs.lstatSync(path));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Why: "not there" is an answer, not an error, for every reader in the SDK. */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Why: the raw link text, for the guard to interpret inside the root. */
export function readlink(path: string): string {
  return fs.readlinkSync(path);
}

/** Why: file contents, or undefined when missing. */
export function readFile(path: string): Buffer | undefined {
  try {
    return fs.readFileSync(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Why: directory entries, sorted so that plans and logs are stable. */
export function listDir(path: string): string[] {
  try {
    return fs.readdirSync(path).sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** Why: a reader may need to know the process has a running system around it (live detection). */
export function hostExists(path: string): boolean {
  return fs.existsSync(path);
}

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.ovm-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Why: a reader never sees half a file, and a crash leaves the old file or the new one. */
export function writeAtomic(path: string, content: Buffer, mode: number, owner: Owner): void {
  const temp = tempName(path);
  // Created 0600 so that a secret is never readable by others, even for an instant.
  const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    fs.writeFileSync(fd, content);
    fs.fchownSync(fd, owner.uid, owner.gid);
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, path);
  } catch (error) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fsyncDir(dirname(path));
}

/**
 * Why: a file another process has open for appending (a log) must keep its inode, or that
 * process goes on writing to a copy nobody sees. Truncates and rewrites the file itself;
 * O_NOFOLLOW refuses a link planted at its name.
 */
export function writeInPlace(path: string, content: Buffer, mode: number, owner: Owner): void {
  const fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW);
  try {
    fs.writeFileSync(fd, content);
    fs.fchownSync(fd, owner.uid, owner.gid);
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Why: replacing a link in one rename, so it always points somewhere valid. */
export function symlinkAtomic(path: string, target: string): void {
  const temp = tempName(path);
  fs.symlinkSync(target, temp);
  try {
    fs.renameSync(temp, path);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fsyncDir(dirname(path));
}

/**
 * Why: the directory at a name, opened without following a link at that name, so that what
 * gets its owner and mode is the object in hand, not whatever the name points to by then.
 */
function openDirHere(path: string, what: string): number {
  try {
    return fs.openSync(path, DIR_FLAGS);
  } catch (error) {
    const now = lstat(path);
    if (now?.isSymlink) throw new Error(`${path} is a symbolic link now, not ${what}: refused`);
    if (now !== undefined && !now.isDirectory) throw new Error(`${path} is not a directory now, not ${what}: refused`);
    throw error;
  }
}

/** Why: chown and chmod through the descriptor, never by a name that can be re-pointed. */
function setOnFd(fd: number, mode: number, owner: Owner): void {
  fs.fchownSync(fd, owner.uid, owner.gid);
  fs.fchmodSync(fd, mode);
}

/**
 * Why: one directory level at a time, so each new directory gets its mode and owner. Made 0700
 * and root's, then opened with O_NOFOLLOW and checked to be a directory we own (a name swapped
 * for a link or for someone else's directory after the mkdir is refused), then changed by fd.
 */
export function makeDir(path: string, mode: number, owner: Owner): void {
  fs.mkdirSync(path, { mode: 0o700 });
  const fd = openDirHere(path, 'the directory just made');
  try {
    const made = fstatEntry(fd);
    if (made.kind !== 'dir' || made.uid !== process.getuid!()) {
      throw new Error(`${path} is not the directory just made (a ${made.kind} of uid ${made.uid}): refused`);
    }
    setOnFd(fd, mode, owner);
  } finally {
    closeAll([fd]);
  }
}

/** Why: removes a file or a link (not its target); apply.ts sends directory trees to rm (user-files/owner-remove.ts). */
export function removePath(path: string): void {
  // Never recursive: a directory put here after the check is refused (EISDIR), not walked.
  fs.rmSync(path, { force: true });
}

/** Why: fixes the mode and owner of an existing directory (never a link's target) without touching its contents. */
export function setModeOwner(path: string, mode: number, owner: Owner): void {
  const fd = openDirHere(path, 'the directory to fix');
  try {
    const found = fstatEntry(fd);
    if (found.kind !== 'dir') throw new Error(`${path} is not a directory (a ${found.kind}): refused`);
    setOnFd(fd, mode, owner);
  } finally {
    closeAll([fd]);
  }
}
