// Pure parsers for the colon-separated account files under a root (/etc/passwd, /etc/group,
// /etc/shadow). The user, authentication and ssh modules plan from these, never from the host's
// own name service: numeric ids must come from the configured root, not from the machine
// running the tool. Field layouts: passwd(5), group(5), shadow(5).

/** One /etc/passwd line (passwd(5)). */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** One /etc/group line (group(5)). */
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** The part of an /etc/shadow line (shadow(5)) we read. */
export interface ShadowEntry {
  name: string;
  /** The crypt(3) hash, or a lock marker such as "!", "!!" or "*". */
  hash: string;
}

/** Splits a file into its meaningful lines: blank lines, comments and NIS "+"/"-" lines dropped. */
function records(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^[#+-]/.test(line))
    .map((line) => line.split(':'));
}

function id(field: string | undefined): number {
  return field !== undefined && /^[0-9]+$/.test(field) ? Number(field) : NaN;
}

/** Why: passwd(5) has seven fields; a line with a non-numeric id is skipped, as libc does. */
export function parsePasswd(text: string | undefined): PasswdEntry[] {
  return records(text)
    .filter((f) => f.length >= 7 && !Number.isNaN(id(f[2])) && !Number.isNaN(id(f[3])))
    .map((f) => ({ name: f[0]!, uid: id(f[2]), gid: id(f[3]), gecos: f[4]!, home: f[5]!, shell: f[6]! }));
}

/** Why: group(5) has four fields; the member list is comma-separated and may be empty. */
export function parseGroup(text: string | undefined): GroupEntry[] {
  return records(text)
    .filter((f) => f.length >= 4 && !Number.isNaN(id(f[2])))
    .map((f) => ({ name: f[0]!, gid: id(f[2]), members: f[3]!.split(',').filter((m) => m !== '') }));
}

/** Why: only the name and hash of shadow(5) matter to us; the aging fields are the tools' job. */
export function parseShadow(text: string | undefined): ShadowEntry[] {
  return records(text)
    .filter((f) => f.length >= 2)
    .map((f) => ({ name: f[0]!, hash: f[1]! }));
}

/** Why: useradd/userdel follow USERGROUPS_ENAB from the ROOT's login.defs; we must predict them. */
export function loginDefsFlag(text: string | undefined, name: string): boolean | undefined {
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*([A-Z_]+)\s+(\S+)/.exec(line);
    if (m && m[1] === name) return m[2]!.toLowerCase() === 'yes';
  }
  return undefined;
}
