// Whether a module file may be run as root (issue 12 item 5). Like sudo with its plugins and
// cron with crontabs, a module is refused when it, or any directory on its way from `/`, could
// be changed by someone other than root: then that someone could choose what root runs.
// Links are resolved first, inside the root prefix (an image's absolute link names the image's
// file), and the file that is checked is the file that is run.
import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Owners whose files a run may trust: root, and whoever runs us (a user on their own tree). */
function trustedOwner(uid: number): boolean {
  return uid === 0 || uid === (process.geteuid?.() ?? 0);
}

const MAX_LINKS = 40; // as the kernel's ELOOP limit

/** A file or directory that makes a module untrusted: what is wrong, and how to fix it. */
export class UntrustedModuleError extends Error {
  override name = 'UntrustedModuleError';
  constructor(
    readonly path: string,
    readonly reason: string,
    fix = `chown root:root ${path}; chmod go-w ${path}`,
  ) {
    super(`${path} ${reason}; a module and every directory above it must be changeable by root alone (fix: ${fix})`);
  }
}

/** The real path of `inside` (relative to the root prefix `top`), every link resolved under `top`. */
function chase(top: string, inside: string, linkDirs: string[]): string {
  const todo = inside.split('/');
  let done = top;
  let hops = 0;
  while (todo.length) {
    const part = todo.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      done = done === top ? top : dirname(done); // never above the root prefix, like chroot
      continue;
    }
    const next = join(done, part);
    if (!lstatSync(next).isSymbolicLink()) {
      done = next;
      continue;
    }
    if (++hops > MAX_LINKS) throw new UntrustedModuleError(next, 'is one of too many links in a row');
    linkDirs.push(done); // whoever can write here can point the link elsewhere
    const target = readlinkSync(next);
    if (isAbsolute(target)) done = top;
    todo.unshift(...target.split('/'));
  }
  return done;
}

function why(stats: Stats): string | undefined {
  if (!trustedOwner(stats.uid)) return `is owned by uid ${stats.uid}, not root`;
  const group = (stats.mode & 0o020) !== 0;
  const others = (stats.mode & 0o002) !== 0;
  if (group && others) return 'is writable by group and others';
  if (group) return 'is writable by its group';
  if (others) return 'is writable by others';
  return undefined;
}

/**
 * A directory others can write is still safe above a trusted entry when it is root's and has
 * the sticky bit (/tmp): then only root, and that entry's owner, may rename or remove the entry.
 */
function stickyShield(dir: Stats, below: Stats | undefined): boolean {
  return (dir.mode & 0o1000) !== 0 && dir.uid === 0 && below !== undefined && trustedOwner(below.uid);
}

/** Above the root prefix, changing a system directory is the wrong advice: move the tree. */
function refuse(top: string, at: string, problem: string): UntrustedModuleError {
  const inside = at === top || at.startsWith(top === sep ? top : top + sep);
  if (inside) return new UntrustedModuleError(at, problem);
  return new UntrustedModuleError(at, problem, `use a --root directory whose parents only root can change`);
}

/** Checks `path` and every directory above it up to `/`; `checked` caches directories seen. */
function checkChain(top: string, path: string, checked: Set<string>): void {
  let below: Stats | undefined;
  for (let at = path; ; at = dirname(at)) {
    const stats = lstatSync(at);
    const problem = why(stats);
    if (problem && !(stats.isDirectory() && stickyShield(stats, below))) throw refuse(top, at, problem);
    if (at === sep) return;
    if (checked.has(at) && below !== undefined) return; // the rest of this chain passed already
    checked.add(at);
    below = stats;
  }
}

/**
 * Why: the one trust check for module files, used by `ovm-chkconfig --add` and by the runner.
 * `path` is the module (or its link) under the root `root`; returns the real file to run, or
 * throws UntrustedModuleError (and ENOENT when the file does not exist).
 */
export function trustedModuleFile(root: string, path: string): string {
  const top = realpathSync(resolve(root));
  const inside = relative(resolve(root), resolve(path));
  if (inside.startsWith('..') || isAbsolute(inside)) throw new UntrustedModuleError(path, `is outside the root ${root}`);
  const linkDirs: string[] = [];
  const file = chase(top, inside, linkDirs);
  if (!lstatSync(file).isFile()) throw new UntrustedModuleError(file, 'is not a regular file');
  const checked = new Set<string>();
  checkChain(top, file, checked);
  for (const dir of linkDirs) checkChain(top, dir, checked);
  return file;
}
