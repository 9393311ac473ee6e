// Scratch guest roots for tests: a copy of test/fixtures/roots/<family> (a minimal Oracle
// Linux install of that release) in a fresh temp dir, plus a few real time zones, with the
// modes git cannot keep; and a snapshot of a tree for byte-identical before/after checks.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixture families, one per supported Oracle Linux release. */
export type Family = 'el6' | 'el7' | 'el8' | 'el9';

/** Where the committed fixture trees live. */
export const FIXTURE_ROOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/roots');

/** Zones copied from the host so datetime tests can point /etc/localtime at real files. */
export const ZONES = ['UTC', 'Etc/UTC', 'America/New_York', 'Europe/London', 'Asia/Tokyo'];

// git keeps only 0644/0755 and no empty directories: the modes and dirs that matter on a
// real install are restored here (shadow-utils ships shadow/gshadow 0000; anaconda writes
// keyfiles 0600; openssh ships sshd_config 0600 on EL).
const MODES: Record<string, number> = {
  'etc/shadow': 0o000,
  'etc/gshadow': 0o000,
  'etc/ssh/sshd_config': 0o600,
  'etc/NetworkManager/system-connections/eth0.nmconnection': 0o600,
  'etc/sysconfig/iptables': 0o600,
  'etc/sysconfig/ip6tables': 0o600,
};
// Every family: useradd (CREATE_MAIL_SPOOL=yes in /etc/default/useradd) makes a mailbox in
// /var/spool/mail, and /home exists on a fresh install.
const COMMON_DIRS = ['home', 'root', 'tmp', 'var/log', 'var/spool/mail'];
const EMPTY_DIRS: Record<Family, string[]> = {
  el6: ['etc/ntp', ...COMMON_DIRS],
  el7: ['etc/NetworkManager/system-connections', 'etc/NetworkManager/conf.d', 'etc/NetworkManager/dispatcher.d', ...COMMON_DIRS],
  el8: ['etc/NetworkManager/system-connections', 'etc/NetworkManager/conf.d', 'etc/NetworkManager/dispatcher.d', ...COMMON_DIRS],
  el9: ['etc/NetworkManager/conf.d', 'etc/NetworkManager/dispatcher.d', ...COMMON_DIRS],
};
// filesystem package: /root 0550 (el) , /tmp sticky; /var/spool/mail 0775 group mail (gid 12).
const DIR_MODES: Record<string, number> = { root: 0o550, tmp: 0o1777, 'var/spool/mail': 0o775 };
const DIR_GIDS: Record<string, number> = { 'var/spool/mail': 12 };

const made = new Set<string>();

/**
 * Copies the family's fixture into a new temp dir and returns its path. `extra` adds or
 * replaces files (path inside the root → content, mode 0644).
 */
export function makeRoot(family: Family, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), `ovm-root-${family}-`));
  made.add(root);
  cpSync(join(FIXTURE_ROOTS, family), root, { recursive: true, verbatimSymlinks: true });
  copyZones(root);
  // OL6 keeps a copy of the zone file, not a link (tzdata's %post copies it).
  if (family === 'el6') copyFileSync(join(root, 'usr/share/zoneinfo/America/New_York'), join(root, 'etc/localtime'));
  for (const dir of EMPTY_DIRS[family]) {
    mkdirSync(join(root, dir), { recursive: true });
    if (DIR_MODES[dir] !== undefined) chmodSync(join(root, dir), DIR_MODES[dir]);
    if (DIR_GIDS[dir] !== undefined) chownSync(join(root, dir), 0, DIR_GIDS[dir]);
  }
  for (const [rel, content] of Object.entries(extra)) {
    const path = join(root, rel.replace(/^\/+/, ''));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, { mode: 0o644 });
  }
  for (const [rel, mode] of Object.entries(MODES)) {
    try {
      chmodSync(join(root, rel), mode);
    } catch {
      // not every family has every file
    }
  }
  return root;
}

function copyZones(root: string): void {
  for (const zone of ZONES) {
    const dest = join(root, 'usr/share/zoneinfo', zone);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, readFileSync(join('/usr/share/zoneinfo', zone)), { mode: 0o644 });
  }
}

/** Removes one root made by makeRoot (or any temp tree). */
export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
  made.delete(root);
}

/** Removes every root this process made; call it from afterAll/afterEach. */
export function cleanupRoots(): void {
  for (const root of [...made]) removeRoot(root);
}

/** One path of a snapshot: enough to compare two trees byte for byte. */
export interface TreeEntry {
  mode: number;
  /** File content as UTF-8, or "base64:<data>" when the bytes are not valid UTF-8. */
  content?: string;
  linkTarget?: string;
  dir?: true;
}

/** Every path under root ("/etc/hosts" style keys) with its mode and content or link target; `skip` leaves a path (and all below it) out. */
export function snapshotTree(root: string, skip: (path: string) => boolean = () => false): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  walk(root, '', out, skip);
  return out;
}

function walk(root: string, rel: string, out: Map<string, TreeEntry>, skip: (path: string) => boolean): void {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const sub = `${rel}/${name}`;
    if (skip(sub)) continue;
    const abs = join(root, sub);
    const st = lstatSync(abs);
    const mode = st.mode & 0o7777;
    if (st.isSymbolicLink()) out.set(sub, { mode, linkTarget: readlinkSync(abs) });
    else if (st.isDirectory()) {
      out.set(sub, { mode, dir: true });
      walk(root, sub, out, skip);
    } else out.set(sub, { mode, content: textOrBase64(readFileSync(abs)) });
  }
}

function textOrBase64(buf: Buffer): string {
  const text = buf.toString('utf8');
  return Buffer.from(text, 'utf8').equals(buf) ? text : `base64:${buf.toString('base64')}`;
}
