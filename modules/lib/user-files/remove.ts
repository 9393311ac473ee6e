// Removal in a user's place, checked on what is there when it is removed. In a home
// (filesOnly) only a regular file with one link owned by the user or root is unlinked;
// anything else is refused and left as it is. Elsewhere (/tmp) a non-directory is unlinked
// by name inside the opened directory (a link goes, never what it points to) and a directory
// is removed by its owner (owner-remove.ts); an entry whose owner changed since the plan is
// refused.
import * as fs from 'node:fs';
import { posix } from 'node:path';
import type { UserDir } from '../types.js';
import { at, lstatAt, type Entry } from './at-fd.js';
import { removeTreeAs } from './owner-remove.js';
import { refusalFor } from './refusal.js';
import { splitPlace, withPlaceDir } from './walk.js';

/** What a removal did: removed, nothing was there, or left in place with the reason. */
export type RemoveOutcome = { done: 'removed' } | { done: 'absent' } | { done: 'refused'; why: string };

/** Why: the rule a removal follows; undefined means the entry may go. */
export function removeRefusal(entry: Entry, place: UserDir): string | undefined {
  if (place.filesOnly) return refusalFor(entry, 'file', place.owner);
  if (entry.uid !== place.owner.uid) return `it belongs to uid ${entry.uid} now, not to uid ${place.owner.uid} as planned`;
  return undefined;
}

function unlinkName(dirFd: number, leaf: string): RemoveOutcome {
  try {
    fs.unlinkSync(at(dirFd, leaf));
    return { done: 'removed' };
  } catch (error) {
    // Swapped for a directory after the check: unlink refuses it, and it stays.
    return { done: 'refused', why: `it changed while it was being removed (${(error as NodeJS.ErrnoException).code})` };
  }
}

function removeIn(dirFd: number, leaf: string, path: string, place: UserDir): RemoveOutcome {
  const entry = lstatAt(dirFd, leaf);
  if (entry === undefined) return { done: 'absent' };
  const why = removeRefusal(entry, place);
  if (why !== undefined) return { done: 'refused', why };
  if (entry.kind !== 'dir') return unlinkName(dirFd, leaf);
  const left = removeTreeAs(dirFd, leaf, place.owner, posix.dirname(path));
  return left === undefined ? { done: 'removed' } : { done: 'refused', why: left };
}

/** Why: removes one entry of a user's place, or says why it was left alone. */
export function removeUserEntry(root: string, path: string, place: UserDir): RemoveOutcome {
  const { leaf } = splitPlace(path, place.trusted);
  return withPlaceDir(root, path, place, (dir) => (dir === undefined ? { done: 'absent' } : removeIn(dir.fd, leaf, path, place)));
}
