// Reads the current state of the symlink farm under a root: which modules exist in scripts/ and
// which links each <target>.d/ holds. Side effects (fs reads) only; planning is in plan.ts.
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS, type Target } from '../params/descriptor.js';
import { parseLinkName, scriptsDir, targetDir } from './layout.js';

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

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
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
