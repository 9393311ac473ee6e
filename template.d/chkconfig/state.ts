// Reads the current state of the symlink farm under a root: which modules exist in scripts/ and
// which links each <target>.d/ holds. Side effects (fs reads) only; planning is in plan.ts.
import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS, type Target } from '../params/descriptor.js';
import { parseLinkName, scriptsDir, targetDir, templateDir } from './layout.js';

export interface LinkEntry {
  target: Target;
  /** File name inside <target>.d/, e.g. `50network`. */
  entry: string;
  priority: number;
  name: string;
}

export interface FarmState {
  /** File names in scripts/, sorted. */
  scripts: string[];
  links: LinkEntry[];
  /** Targets whose <target>.d/ directory exists. */
  targetDirs: Target[];
}

/** A missing directory is empty; any other failure (permission denied) is the caller's to report. */
function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Why: "does not exist" and "permission denied" need different advice; existsSync says false to
 * both. `denied` when the directory (or a directory above it) cannot be searched or read.
 */
export function templateDirState(root: string): 'ok' | 'missing' | 'denied' {
  const dir = templateDir(root);
  try {
    if (!statSync(dir).isDirectory()) return 'missing';
    accessSync(dir, constants.R_OK | constants.X_OK);
    return 'ok';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'denied' : 'missing';
  }
}

/** Why: a module that is not executable would only fail later, at first boot. */
export function isExecutable(path: string): boolean {
  try {
    return (statSync(path).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Why: every chkconfig action plans against one snapshot of the farm. */
export function readFarm(root: string): FarmState {
  const scripts = listDir(scriptsDir(root)).filter((f) => {
    try {
      return !lstatSync(join(scriptsDir(root), f)).isDirectory();
    } catch {
      return false;
    }
  });
  const links: LinkEntry[] = [];
  const targetDirs: Target[] = [];
  for (const target of TARGETS) {
    const dir = targetDir(root, target);
    if (!existsSync(dir)) continue;
    targetDirs.push(target);
    for (const entry of listDir(dir)) {
      const parsed = parseLinkName(entry);
      if (parsed) links.push({ target, entry, ...parsed });
    }
  }
  return { scripts, links, targetDirs };
}

const HEADER_BYTES = 64 * 1024;

/** The start of a script, enough to hold its header; undefined when it cannot be read. */
export function readScriptHead(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEADER_BYTES);
    const size = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, size).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
