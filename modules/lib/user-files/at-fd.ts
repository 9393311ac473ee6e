// openat(2) for Node. Node's fs has no *at calls, but Linux resolves "/proc/self/fd/<fd>/<name>"
// by jumping to the very directory the descriptor holds (whatever its name is now) and looking
// <name> up inside it: the same lookup as openat(fd, name). With O_NOFOLLOW on the last part,
// lstat instead of stat, and unlink/rename/mkdir on such paths, every operation of this room
// acts on the directory that was opened and checked, never on a path a user can re-point.
import * as fs from 'node:fs';

const C = fs.constants;
/** A directory, never through a link (libuv adds O_CLOEXEC to every open). */
export const DIR_FLAGS = C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW;
/** A file to read: never through a link, and a FIFO or tty can neither block nor become ours. */
export const READ_FLAGS = C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK | C.O_NOCTTY;
/** A new file we create: must not exist yet, never through a link. */
export const CREATE_FLAGS = C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW;

/** What is at a name, as lstat or fstat saw it. */
export interface Entry {
  kind: 'file' | 'dir' | 'link' | 'fifo' | 'socket' | 'device';
  /** Permission bits with setuid/setgid/sticky, without the file type. */
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  dev: number;
  ino: number;
}

function kindOf(s: fs.Stats): Entry['kind'] {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'dir';
  if (s.isSymbolicLink()) return 'link';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  return 'device';
}

/** Why: the fields of a stat this room decides on. */
export function toEntry(s: fs.Stats): Entry {
  return { kind: kindOf(s), mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, nlink: s.nlink, dev: s.dev, ino: s.ino };
}

/** Why: one name inside a directory, never a path: "/" or ".." would leave the opened directory. */
export function at(dirFd: number, name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new Error(`"${name}" is not a single file name`);
  }
  return `/proc/self/fd/${dirFd}/${name}`;
}

/** Why: "nothing there" is an answer, not an error. */
export function missing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT';
}

/** Why: lstatat: what the name is now, without following it; undefined when absent. */
export function lstatAt(dirFd: number, name: string): Entry | undefined {
  try {
    return toEntry(fs.lstatSync(at(dirFd, name)));
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** Why: the object an open descriptor holds, which is what gets changed. */
export function fstatEntry(fd: number): Entry {
  return toEntry(fs.fstatSync(fd));
}

/** Why: openat(O_DIRECTORY|O_NOFOLLOW); a link or non-directory at the name fails here. */
export function openDirAt(dirFd: number, name: string): number {
  return fs.openSync(at(dirFd, name), DIR_FLAGS);
}

/** Why: the first directory of a walk (the root prefix, chosen by root), opened plainly. */
export function openDirPath(path: string): number {
  return fs.openSync(path, C.O_RDONLY | C.O_DIRECTORY);
}

/** Why: a link's text, only to say where it pointed in a refusal. */
export function readlinkAt(dirFd: number, name: string): string {
  try {
    return fs.readlinkSync(at(dirFd, name));
  } catch {
    return '?';
  }
}

/** Why: closes descriptors in reverse order of opening, ignoring ones already closed. */
export function closeAll(fds: readonly number[]): void {
  for (const fd of [...fds].reverse()) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
  }
}

/** Why: same object: what was checked by name is what was opened. */
export function sameObject(a: Entry, b: Entry): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
