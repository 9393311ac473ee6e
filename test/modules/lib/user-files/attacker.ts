// The unprivileged attacker of the user-files tests: alice, uid 1000, in a scratch root she can
// reach, with root-owned victims under the scratch root's /etc (never the machine's own /etc:
// every link an attack plants points inside the scratch root). Commands run as her through
// setpriv with no supplementary groups; the race program is compiled once with gcc.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, lstatSync, type Stats, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRoot, type Family } from '../../../helpers/roots.js';

/** The attacker's ids. */
export const ALICE = { uid: 1000, gid: 1000 };
/** What the scratch root's /etc/shadow holds: it must never reach alice or a plan. */
export const SHADOW_MARK = 'root:$6$victim-hash-that-must-not-leak$:19000:0:99999:7:::';

/** Why: a root with alice (uid 1000, home /home/alice 0700) that she can reach from outside. */
export function attackRoot(family: Family = 'el9'): string {
  const root = makeRoot(family);
  chmodSync(root, 0o755);
  execFileSync('useradd', ['-R', root, '-m', '-u', String(ALICE.uid), '-U', 'alice'], { stdio: 'ignore' });
  const shadow = join(root, 'etc/shadow');
  writeFileSync(shadow, `${readFileSync(shadow, 'utf8')}${SHADOW_MARK}\n`);
  chmodSync(shadow, 0o000);
  return root;
}

/** Why: runs one command as alice (setpriv drops uid, gid and every supplementary group). */
export function asAlice(argv: string[]): void {
  execFileSync('setpriv', [`--reuid=${ALICE.uid}`, `--regid=${ALICE.gid}`, '--clear-groups', '--', ...argv], { stdio: 'pipe' });
}

/** Why: a file in alice's place, made by alice herself. */
export function aliceWrites(path: string, content: string): void {
  asAlice(['sh', '-c', 'printf %s "$1" > "$2"', 'sh', content, path]);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Why: root's files an attack aims at: owner, mode and content of each, to compare after. */
export function victimState(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of ['etc', 'etc/shadow', 'etc/passwd', 'etc/group', 'etc/ssh']) {
    const path = join(root, rel);
    const st = lstatOrUndefined(path);
    if (st === undefined) {
      out[rel] = 'missing';
      continue;
    }
    const content = st.isFile() ? readFileSync(path, 'utf8') : '(dir)';
    out[rel] = `${st.uid}:${st.gid} ${(st.mode & 0o7777).toString(8)} nlink=${st.isFile() ? st.nlink : '-'} ${content}`;
  }
  return out;
}

function describe(path: string): string {
  const st = lstatSync(path);
  const head = `${st.uid}:${st.gid} ${(st.mode & 0o7777).toString(8)} nlink=${st.nlink}`;
  if (st.isSymbolicLink()) return `${head} link -> ${readlinkSync(path)}`;
  if (st.isFile()) return `${head} file ${readFileSync(path).toString('base64')}`;
  return `${head} ${st.isDirectory() ? 'dir' : st.isFIFO() ? 'fifo' : 'other'}`;
}

/**
 * Why: every path under a tree with owner, mode, links and content; unlike snapshotTree it never
 * opens a FIFO (which would block) and it sees owners, which is what these attacks aim at.
 */
export function treeState(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const sub = `${rel}/${name}`;
    out.set(sub, describe(join(dir, sub)));
    if (lstatSync(join(dir, sub)).isDirectory()) for (const [k, v] of treeState(dir, sub)) out.set(k, v);
  }
  return out;
}

let racer: string | undefined;

/** Why: the race program, built once per test process into a directory alice can read. */
export function racerBinary(): string {
  if (racer !== undefined) return racer;
  const dir = mkdtempSync(join(tmpdir(), 'ovm-race-'));
  chmodSync(dir, 0o755);
  const source = join(dirname(fileURLToPath(import.meta.url)), 'swap-race.c');
  execFileSync('gcc', ['-O2', '-Wall', '-o', join(dir, 'swap-race'), source]);
  racer = join(dir, 'swap-race');
  return racer;
}

/** A running attacker: stop() ends it and says how many exchanges it made. */
export interface Racer {
  stop(): Promise<number>;
}

/** Why: starts the race as alice (watching one or more ':'-separated directories) once its watches are in place. */
export function startRacer(watchDir: string, swapDir: string, a: string, b: string, maxSwaps: number): Promise<Racer> {
  const child: ChildProcess = spawn(racerBinary(), [watchDir, swapDir, a, b, String(maxSwaps)], { uid: ALICE.uid, gid: ALICE.gid, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', () => resolve(Number(/(\d+) swaps/.exec(err)?.[1] ?? 0))));
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve({ stop: async () => (child.exitCode === null && child.pid ? process.kill(child.pid) : undefined, exited) }));
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`swap-race ended before it was ready (${code}): ${err}`)));
  });
}

/** Why: a file alice owns that must survive every attack on her other files. */
export function plantKeepsake(root: string): string {
  const path = join(root, 'home/alice/notes.txt');
  aliceWrites(path, 'my own notes\n');
  return path;
}

/** Why: root makes a hard link for alice where protected_hardlinks stops her from making it. */
export function rootHardLink(target: string, path: string): void {
  execFileSync('ln', [target, path]);
}
