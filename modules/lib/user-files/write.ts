// Writing in a user's place. A file is written to a new temporary name inside the opened
// directory (O_CREAT|O_EXCL|O_NOFOLLOW, so nothing that was there is ever written through),
// given its owner and mode on the descriptor, and renamed over the final name inside the same
// directory: a rename replaces a name, never what a link or a hard link points to. A directory
// is created inside the opened parent, opened without following links, and its owner and mode
// are set on that descriptor.
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Owner, UserDir } from '../types.js';
import { CREATE_FLAGS, at, closeAll, fstatEntry, lstatAt, openDirAt, readlinkAt } from './at-fd.js';
import { UserFileRefusal, changedUnder, checkEntry } from './refusal.js';
import { splitPlace, withPlaceDir, type OpenedDir } from './walk.js';

function needDir(dir: OpenedDir | undefined, path: string): OpenedDir {
  if (dir === undefined) throw new UserFileRefusal(path, 'the directory that should hold it does not exist');
  return dir;
}

function writeTemp(dirFd: number, temp: string, content: Buffer, mode: number, owner: Owner): void {
  // Created 0600 and root's, so nobody reads a secret before it has its final owner and mode.
  const fd = fs.openSync(at(dirFd, temp), CREATE_FLAGS, 0o600);
  try {
    fs.writeFileSync(fd, content);
    fs.fchownSync(fd, owner.uid, owner.gid);
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    closeAll([fd]);
  }
}

/** Why: an atomic write of one file in a user's place, refusing what is there if it breaks a rule. */
export function writeUserFile(root: string, path: string, content: Buffer, mode: number, owner: Owner, place: UserDir): void {
  const { leaf } = splitPlace(path, place.trusted);
  withPlaceDir(root, path, place, (opened) => {
    const dir = needDir(opened, path);
    const existing = lstatAt(dir.fd, leaf);
    if (existing !== undefined) checkEntry(path, existing, 'file', place.owner);
    const temp = `.${leaf}.ovm-${process.pid}-${randomBytes(4).toString('hex')}`;
    const dropTemp = () => {
      try { fs.unlinkSync(at(dir.fd, temp)); } catch { /* not created */ }
    };
    try {
      writeTemp(dir.fd, temp, content, mode, owner);
    } catch (error) {
      dropTemp();
      throw error;
    }
    try {
      // A directory swapped in at the name since the check makes the rename fail; nothing else can.
      fs.renameSync(at(dir.fd, temp), at(dir.fd, leaf));
    } catch (error) {
      dropTemp();
      throw changedUnder(path, error);
    }
    fs.fsyncSync(dir.fd);
  });
}

function openNewOrOld(parent: number, name: string, path: string): number {
  try {
    return openDirAt(parent, name);
  } catch (error) {
    const now = lstatAt(parent, name);
    if (now?.kind === 'link') throw new UserFileRefusal(path, `it is a symbolic link (to "${readlinkAt(parent, name)}"), and links are never followed in a place a user can write`);
    if (now !== undefined && now.kind !== 'dir') throw new UserFileRefusal(path, `it is not a directory (${now.kind})`);
    throw changedUnder(path, error);
  }
}

/** Why: a directory in a user's place with its owner and mode, set on the opened directory. */
export function makeUserDir(root: string, path: string, mode: number, owner: Owner, place: UserDir): void {
  const { leaf } = splitPlace(path, place.trusted);
  withPlaceDir(root, path, place, (opened) => {
    const parent = needDir(opened, path).fd;
    const existing = lstatAt(parent, leaf);
    if (existing !== undefined) checkEntry(path, existing, 'dir', place.owner);
    else {
      try {
        fs.mkdirSync(at(parent, leaf), { mode: 0o700 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const fd = openNewOrOld(parent, leaf, path);
    try {
      checkEntry(path, fstatEntry(fd), 'dir', place.owner);
      fs.fchownSync(fd, owner.uid, owner.gid);
      fs.fchmodSync(fd, mode);
    } finally {
      closeAll([fd]);
    }
  });
}
