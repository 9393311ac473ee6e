// Finds the attached ISO that carries the OVF environment when `--ovf-transport-iso` has no
// value: the CD-ROM drives first (/dev/cdrom, /dev/dvd, /dev/sr0, /dev/sr1, ...), then whole
// virtual disks (a Xen PV guest sees an attached ISO as /dev/xvdX; KVM as /dev/vdX). Only a
// device that holds an ISO 9660 image with an ovf-env.xml in its top directory is taken.
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { OvfError } from './ovf-env.js';
import { isoProblem, readEnvFromIso } from './iso-read.js';

/** Device names in the order they are tried; partitions (xvda1) are never ISO images. */
const PATTERNS = [/^cdrom[0-9]*$/, /^dvd[0-9]*$/, /^sr[0-9]+$/, /^xvd[a-z]+$/, /^vd[a-z]+$/, /^hd[a-z]$/];

function rank(name: string): number {
  return PATTERNS.findIndex((p) => p.test(name));
}

/** Why: the candidate devices under `devDir`, in try order, each real device once. */
export function candidateDevices(devDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(devDir);
  } catch {
    return [];
  }
  const ordered = names
    .filter((n) => rank(n) >= 0)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of ordered) {
    const path = join(devDir, name);
    let real = path;
    try {
      real = realpathSync(path);
    } catch {
      continue; // a dangling link (e.g. /dev/cdrom without a drive)
    }
    if (!seen.has(real)) out.push(path);
    seen.add(real);
  }
  return out;
}

/** The device that carried the environment, and the file's text. */
export interface Found {
  device: string;
  text: string;
}

/** Why: `--ovf-transport-iso` with no value; the error lists every device that was looked at. */
export async function findEnvironment(devDir = '/dev'): Promise<Found> {
  const candidates = candidateDevices(devDir);
  const notes: string[] = [];
  for (const device of candidates) {
    const problem = isoProblem(device);
    if (problem !== undefined) {
      notes.push(`${device}: ${problem}`);
      continue;
    }
    try {
      return { device, text: await readEnvFromIso(device) };
    } catch (error) {
      notes.push(`${device}: ${(error as Error).message}`);
    }
  }
  const looked = notes.length ? ` (looked at ${notes.join('; ')})` : ` (no CD-ROM or virtual disk device under ${devDir})`;
  throw new OvfError(`no attached ISO with an ovf-env.xml was found${looked}; attach the OVF environment ISO or give its path with --ovf-transport-iso=PATH`);
}
