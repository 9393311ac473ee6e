// The rules for an entry found in a place a user can write, and the error that names the path
// and the reason. A refused entry is left exactly as it is; nothing else of the user's changes.
import type { Entry } from './at-fd.js';
import type { Owner } from '../types.js';

/** A path this room will not act on; the message is "<path>: <why>". */
export class UserFileRefusal extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`refused ${path}: ${why}`);
    this.name = 'UserFileRefusal';
  }
}

/** The fields the rules look at (an Entry, or the UserEntry handlers get). */
type Checked = Pick<Entry, 'kind' | 'uid' | 'nlink'>;

const KIND_NAMES: Record<Entry['kind'], string> = {
  file: 'a regular file',
  dir: 'a directory',
  link: 'a symbolic link',
  fifo: 'a FIFO',
  socket: 'a socket',
  device: 'a device node',
};

/** Why: the owners an entry in the user's place may have: the user, or root (who made it). */
export function ownerAllowed(entry: Checked, owner: Owner): boolean {
  return entry.uid === owner.uid || entry.uid === 0;
}

/**
 * Why: the single statement of what may be acted on. Returns the reason to refuse, or
 * undefined: a link (never followed), a second hard link (the other name may be a file the
 * user must not reach), anything but the wanted kind (a FIFO would block a reader, a device
 * would be opened as root), or an owner other than the user or root.
 */
export function refusalFor(entry: Checked, want: 'file' | 'dir', owner: Owner): string | undefined {
  if (entry.kind === 'link') return 'it is a symbolic link, and links are never followed in a place a user can write';
  if (entry.kind !== want) return `it is ${KIND_NAMES[entry.kind]}, not ${KIND_NAMES[want]}`;
  if (want === 'file' && entry.nlink > 1) return `it has ${entry.nlink} hard links; another name of it may be a file the user must not reach`;
  if (!ownerAllowed(entry, owner)) return `it belongs to uid ${entry.uid}, not to uid ${owner.uid} (or root)`;
  return undefined;
}

/** Why: throws the refusal for `path` when the entry breaks a rule. */
export function checkEntry(path: string, entry: Checked, want: 'file' | 'dir', owner: Owner): void {
  const why = refusalFor(entry, want, owner);
  if (why !== undefined) throw new UserFileRefusal(path, why);
}

/** Why: an operation that failed because the entry changed under us, said without /proc paths. */
export function changedUnder(path: string, error: unknown): UserFileRefusal {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new UserFileRefusal(path, `it changed while it was being used (${code}); nothing was done through it`);
}
