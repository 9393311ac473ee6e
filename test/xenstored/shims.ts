// Builds the LD_PRELOAD shims (xsshim.so, oextra.so) that let the real Debian xenstored and
// oxenstored run without a hypervisor. Built once into <repo>/.work/xenstored/, and again only
// when a C source is newer than its library. Parallel test workers may race: each compiles to
// a private temporary name and renames it into place, which is atomic.
import { execFile } from 'node:child_process';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(here, '..', '..');

/** Where built shims live; gitignored. */
export const SHIM_DIR = join(REPO_ROOT, '.work', 'xenstored');

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

async function buildOne(name: 'xsshim' | 'oextra'): Promise<string> {
  const src = join(here, `${name}.c`);
  const out = join(SHIM_DIR, `${name}.so`);
  if (mtime(out) >= mtime(src)) return out;
  mkdirSync(SHIM_DIR, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await run('gcc', ['-O2', '-Wall', '-shared', '-fPIC', '-o', tmp, src, '-ldl']);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `building ${name}.so failed (needs gcc and libxen-dev: run scripts/setup-deps.sh): ${e.stderr || e.message}`,
    );
  }
  renameSync(tmp, out);
  return out;
}

/** Paths of the two shared libraries, building them if needed. */
export async function buildShims(): Promise<{ xsshim: string; oextra: string }> {
  return { xsshim: await buildOne('xsshim'), oextra: await buildOne('oextra') };
}
