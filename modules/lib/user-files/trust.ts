// Who besides root can change a directory: the one predicate behind "a place a user can write"
// (house style 16). The root guard asks it before following a link, the change inspector
// before touching a path the ordinary way, and this room before trusting a directory.

/** The stat fields the predicate needs (mode with the sticky bit, without file-type bits). */
export interface DirOwnership {
  mode: number;
  uid: number;
  gid: number;
}

const STICKY = 0o1000;

/**
 * Why: a directory owned by a user, or writable by a group other than root's or by everyone,
 * lets someone other than root add, rename or swap its entries.
 */
export function othersCanWrite(dir: DirOwnership): boolean {
  return dir.uid !== 0 || (dir.mode & 0o002) !== 0 || ((dir.mode & 0o020) !== 0 && dir.gid !== 0);
}

/**
 * Why: the kernel's own rule for links in sticky world-writable directories (protected_symlinks):
 * such a link may be followed only when root made it; in any other directory others can write,
 * a link is never followed, because it can be swapped between the check and the use.
 */
export function linkTrusted(dir: DirOwnership, linkUid: number): boolean {
  if (!othersCanWrite(dir)) return true;
  return dir.uid === 0 && (dir.mode & STICKY) !== 0 && linkUid === 0;
}

/** Why: the one wording of "who can write here", for refusal messages. */
export function describeWriters(dir: DirOwnership): string {
  const mode = (dir.mode & 0o7777).toString(8).padStart(4, '0');
  return `owner uid ${dir.uid}, group ${dir.gid}, mode ${mode}`;
}
