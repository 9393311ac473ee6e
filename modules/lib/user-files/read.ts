// Reading in a user's place: the view handlers get as ctx.userFiles. A file is looked at with
// lstat before it is opened (a FIFO or device is never opened at all), opened with O_NOFOLLOW
// and O_NONBLOCK, and checked again on the descriptor, so a dry run's diff can only ever show
// the user's own regular file, never a root file a link or a second hard link points to.
import * as fs from 'node:fs';
import type { Owner, UserDir, UserEntry, UserFiles } from '../types.js';
import { READ_FLAGS, at, closeAll, fstatEntry, lstatAt, sameObject, type Entry } from './at-fd.js';
import { UserFileRefusal, changedUnder, checkEntry } from './refusal.js';
import { splitPlace, withPlaceDir } from './walk.js';

function readChecked(dirFd: number, name: string, path: string, owner: Owner): Buffer | undefined {
  const before = lstatAt(dirFd, name);
  if (before === undefined) return undefined;
  checkEntry(path, before, 'file', owner);
  let fd: number;
  try {
    fd = fs.openSync(at(dirFd, name), READ_FLAGS);
  } catch (error) {
    throw changedUnder(path, error);
  }
  try {
    const now = fstatEntry(fd);
    if (!sameObject(before, now)) throw new UserFileRefusal(path, 'it was replaced while it was being opened');
    checkEntry(path, now, 'file', owner);
    return fs.readFileSync(fd);
  } finally {
    closeAll([fd]);
  }
}

/** Why: a regular file's content in a user's place, or undefined; anything else is refused. */
export function readUserFile(root: string, path: string, place: UserDir): Buffer | undefined {
  const { leaf } = splitPlace(path, place.trusted);
  return withPlaceDir(root, path, place, (dir) => (dir === undefined ? undefined : readChecked(dir.fd, leaf, path, place.owner)));
}

/** Why: what is at a path in a user's place, never following it. */
export function lstatUserPath(root: string, path: string, place: { trusted: string; owner?: Owner }): Entry | undefined {
  const { leaf } = splitPlace(path, place.trusted);
  return withPlaceDir(root, path, place, (dir) => (dir === undefined ? undefined : lstatAt(dir.fd, leaf)));
}

/** Why: the ctx.userFiles a handler gets for one root. */
export function createUserFiles(root: string): UserFiles {
  return {
    read: (path, place) => readUserFile(root, path, place),
    lstat: (path, place): UserEntry | undefined => {
      const e = lstatUserPath(root, path, place);
      return e === undefined ? undefined : { kind: e.kind, mode: e.mode, uid: e.uid, gid: e.gid, nlink: e.nlink };
    },
  };
}
