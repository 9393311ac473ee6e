// Recognising a password value that is already a crypt(3) hash, so it is set as is instead of
// being hashed a second time. Pure. Formats: the crypt(5) page of libxcrypt ("$6$", "$5$",
// "$y$", "$1$"), the hash alphabet is "./0-9A-Za-z".
import type { FamilyId } from '../lib/types.js';

/** The crypt(5) schemes we recognise by shape. */
export type Scheme = 'sha512' | 'sha256' | 'yescrypt' | 'md5';

const B64 = '[./0-9A-Za-z]';

/** Full-string shapes; a value that merely starts with "$6$" is a plain password. */
const SHAPES: { scheme: Scheme; re: RegExp }[] = [
  // crypt(5): $6$[rounds=N$]salt(<=16)$hash(86)
  { scheme: 'sha512', re: new RegExp(`^\\$6\\$(rounds=[0-9]+\\$)?${B64}{1,16}\\$${B64}{86}$`) },
  // crypt(5): $5$[rounds=N$]salt(<=16)$hash(43)
  { scheme: 'sha256', re: new RegExp(`^\\$5\\$(rounds=[0-9]+\\$)?${B64}{1,16}\\$${B64}{43}$`) },
  // crypt(5): $y$params$salt$hash(43)
  { scheme: 'yescrypt', re: new RegExp(`^\\$y\\$${B64}+\\$${B64}+\\$${B64}{43}$`) },
  // crypt(5): $1$salt(<=8)$hash(22)
  { scheme: 'md5', re: new RegExp(`^\\$1\\$[^$:\\n]{0,8}\\$${B64}{22}$`) },
];

/**
 * Which schemes each family's libc/libxcrypt verifies. yescrypt arrived with libxcrypt 4.3
 * (RHEL 9 ships 4.4; RHEL 8 ships 4.1, el6/el7 use glibc crypt): an inference from the package
 * versions, so a "$y$" hash is refused where login would never accept it. MD5-crypt is refused
 * everywhere: it falls to commodity hardware in hours.
 */
export const SCHEMES_BY_FAMILY: Record<FamilyId, Scheme[]> = {
  el6: ['sha512', 'sha256'],
  el7: ['sha512', 'sha256'],
  el8: ['sha512', 'sha256'],
  el9: ['sha512', 'sha256', 'yescrypt'],
};

/** Why: decides "hash given" vs "plain password given" by the whole value's shape. */
export function hashScheme(value: string): Scheme | undefined {
  return SHAPES.find((s) => s.re.test(value))?.scheme;
}

/** Why: the error text for a hash we will not set; never repeats the value itself. */
export function refuseHash(value: string, family: FamilyId): string | undefined {
  const scheme = hashScheme(value);
  if (scheme === undefined || SCHEMES_BY_FAMILY[family].includes(scheme)) return undefined;
  if (scheme === 'md5') return 'is an MD5-crypt hash ($1$), which is too weak; give the plain password or a $6$ hash';
  return `is a ${scheme} hash, which ${family} cannot verify at login; give the plain password or a $6$ hash`;
}

/** The parts openssl needs to recompute a hash: its option and the salt (with rounds=). */
export interface SaltSpec {
  option: '-6' | '-5' | '-1';
  salt: string;
}

/** Why: lets a re-run verify the current hash instead of re-hashing (which changes shadow). */
export function saltOf(hash: string): SaltSpec | undefined {
  const m = /^\$([651])\$((?:rounds=[0-9]+\$)?[^$]*)\$[^$]+$/.exec(hash);
  if (!m) return undefined;
  return { option: `-${m[1]}` as SaltSpec['option'], salt: m[2]! };
}
