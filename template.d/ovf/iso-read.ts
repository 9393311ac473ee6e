// Reads the OVF environment file out of an ISO 9660 image (a CD-ROM device or an .iso file)
// with xorriso, without mounting anything: the device is opened read-only and the file's bytes
// come back on a pipe, so a root password in it never lands in a temporary file.
// xorriso facts (xorriso(1), checked with 1.5.4): `-indev` opens the image read-only;
// `-ls /` prints the root's names in shell single quotes; `-osirrox on -concat append - PATH`
// copies one file's bytes to standard output, with every message on standard error.
import { execFile } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { findTool, SAFE_PATH } from '../runner/tool-path.js';
import { OvfError } from './ovf-env.js';

/** Where an ISO 9660 primary volume descriptor says "CD001" (ECMA-119 8.4: sector 16, byte 1). */
const ISO_MAGIC_OFFSET = 16 * 2048 + 1;
/** An OVF environment is a few kilobytes; anything this big is not one. */
const MAX_FILE_BYTES = 1024 * 1024;
const XORRISO_TIMEOUT_MS = 60_000;
/** Names the file may have on the disc (DSP0243 says ovf-env.xml; plain ISO 9660 upper-cases it). */
const FILE_NAME = /^ovf[-_]env\.xml(;1)?$/i;
const DSP0243_NAME = 'ovf-env.xml';

/** Why: a cheap, read-only check that a file or device holds an ISO 9660 image, saying why not. */
export function isoProblem(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const magic = Buffer.alloc(5);
    const read = readSync(fd, magic, 0, 5, ISO_MAGIC_OFFSET);
    return read === 5 && magic.toString('latin1') === 'CD001' ? undefined : 'no ISO image';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'cannot be opened (permission denied; run as root)';
    if (code === 'ENOMEDIUM') return 'no disc in the drive';
    return `cannot be read (${code ?? (error as Error).message})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when `path` holds an ISO 9660 image. */
export function looksLikeIso(path: string): boolean {
  return isoProblem(path) === undefined;
}

function xorriso(args: string[], maxBuffer: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // From the fixed PATH only (runner/tool-path.ts); if it is not there, the ENOENT below says so.
    execFile(findTool('xorriso') ?? '/usr/bin/xorriso', args, { encoding: 'utf8', maxBuffer, timeout: XORRISO_TIMEOUT_MS, killSignal: 'SIGKILL', env: { PATH: SAFE_PATH, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new OvfError('needs xorriso to read an ISO image, and it is not installed (package xorriso)'));
      if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new OvfError(`holds an OVF environment file larger than ${MAX_FILE_BYTES} bytes`));
      // The first "<severity> : <text>" line names the problem; the "aborting" line after it does not.
      const why = stderr.split('\n').find((l) => /^xorriso : (FAILURE|SORRY|FATAL) : /.test(l))?.replace(/^xorriso : /, '');
      reject(new OvfError(`could not be read by xorriso (${why ?? error.message.split('\n')[0]})`));
    });
  });
}

/** Undoes xorriso's shell quoting of one name: 'it'"'"'s' -> it's. */
export function unquoteName(line: string): string {
  let out = '';
  const parts = line.match(/'[^']*'|"[^"]*"/g) ?? [];
  for (const part of parts) out += part.slice(1, -1);
  return out;
}

/** Why: the names the environment file may have, on the image or in a mounted copy of it. */
export function isEnvFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

/** Why: finds the environment file's name in the image root, whatever case the image kept. */
export function pickEnvName(listing: string): string | undefined {
  return listing
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(unquoteName)
    .find(isEnvFileName);
}

/** Why: the whole read: check the image, find the file, return its text (never written to disk). */
export async function readEnvFromIso(path: string): Promise<string> {
  try {
    statSync(path);
  } catch {
    throw new OvfError('does not exist');
  }
  const problem = isoProblem(path);
  if (problem === 'no ISO image') throw new OvfError('is not an ISO 9660 image (no CD001 volume descriptor)');
  if (problem !== undefined) throw new OvfError(problem);
  // The usual name first (one xorriso run); the listing only when the image spells it otherwise.
  try {
    return await copyOut(path, DSP0243_NAME);
  } catch (error) {
    if (!(error instanceof OvfError && /Cannot find path/.test(error.message))) throw error;
  }
  const name = pickEnvName(await xorriso(['-indev', path, '-ls', '/'], 1024 * 1024));
  if (name === undefined) throw new OvfError('has no ovf-env.xml in its top directory');
  return copyOut(path, name);
}

function copyOut(path: string, name: string): Promise<string> {
  return xorriso(['-osirrox', 'on', '-indev', path, '-concat', 'append', '-', `/${name}`], MAX_FILE_BYTES);
}
