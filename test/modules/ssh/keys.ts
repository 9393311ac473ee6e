// Real key material for the ssh tests: pairs made by ssh-keygen in a private temp dir (removed
// by the caller), and the one-line form a key takes when it travels as a single value.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pair {
  priv: string;
  pub: string;
}

export type Keys = Record<'rsa' | 'dsa' | 'ecdsa' | 'ed25519' | 'ed25519b', Pair>;

/** Why: every test key is a real one; generated once per test file. */
export function generateKeys(): Keys {
  const dir = mkdtempSync(join(tmpdir(), 'ovm-ssh-keys-'));
  try {
    const make = (type: string, name: string, bits: string[] = []): Pair => {
      const file = join(dir, name);
      execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', `test-${name}`, '-f', file]);
      return { priv: readFileSync(file, 'utf8'), pub: readFileSync(`${file}.pub`, 'utf8').trim() };
    };
    return {
      rsa: make('rsa', 'rsa', ['-b', '2048']),
      dsa: make('dsa', 'dsa'),
      ecdsa: make('ecdsa', 'ecdsa'),
      ed25519: make('ed25519', 'ed25519'),
      ed25519b: make('ed25519', 'ed25519b'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The whole file on one line, blanks for newlines (how a value typed on a command line arrives). */
export function oneLine(text: string): string {
  return text.trim().split('\n').join(' ');
}

/** Flips one base64 character in the middle of the key body. */
export function corrupt(text: string): string {
  const lines = text.trim().split('\n');
  const mid = Math.floor(lines.length / 2);
  const line = lines[mid]!;
  const at = Math.floor(line.length / 2);
  lines[mid] = line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);
  return lines.join('\n');
}
