// What the ovmd end-to-end tests share: a private "installed" copy of the built commands (the
// extensionless CommonJS bundles must not sit under the repository's "type": "module"
// package.json), guest roots with real or fixture modules, the built ovmd as a child process
// whose output can be awaited line by line, and one-shot command runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRoot } from '../helpers/roots.js';
import { ensureDist, MODULE_NAMES } from '../template.d/console/guest.js';
import { TOP } from '../template.d/helpers/built.js';

export interface Install {
  dir: string;
  bin(command: 'ovmd' | 'ovm-vmmessage' | 'ovm-template-config' | 'ovm-chkconfig'): string;
  remove(): void;
}

/** Builds when stale, then copies dist/ (bin, modules, python) to a private directory. */
export function install(): Install {
  ensureDist();
  const dir = mkdtempSync(join(tmpdir(), 'ovmd-e2e-install-'));
  for (const sub of ['bin', 'modules', 'python']) cpSync(join(TOP, 'dist', sub), join(dir, sub), { recursive: true });
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove); // also when a run is cut short before afterAll
  return { dir, bin: (c) => join(dir, 'bin', c), remove };
}

/** An el9 scratch root with every built-in module installed and enabled by ovm-chkconfig. */
export function realGuestRoot(inst: Install, extra: Record<string, string> = {}): string {
  const root = makeRoot('el9', extra);
  const scripts = join(root, 'etc/template.d/scripts');
  mkdirSync(scripts, { recursive: true });
  for (const name of MODULE_NAMES) {
    cpSync(join(inst.dir, 'modules', name), join(scripts, name));
    execFileSync(inst.bin('ovm-chkconfig'), ['--root', root, '--add', name], { stdio: 'pipe' });
  }
  return root;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (stdin from `input`), never throwing on a non-zero exit. */
export function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
    // A command may exit before reading its stdin (a refusal); that is its answer, not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

const children = new Set<ChildProcess>();
let exitHook = false;

/** Whatever happens to the test or script, no ovmd outlives it. */
function killOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
}

/** The built ovmd running as the daemon (-d 1) on a root, as the guest. */
export class OvmdProcess {
  output = '';
  /** Standard output alone (the console lines; the -d 1 log goes to standard error). */
  stdout = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(inst: Install, root: string, guestEnv: { XENSTORED_PATH: string }, extraEnv: NodeJS.ProcessEnv = {}, args: string[] = []) {
    const period = args.includes('-t') ? [] : ['-t', '600'];
    this.child = spawn(inst.bin('ovmd'), ['--root', root, '-d', '1', ...period, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...guestEnv, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    killOnExit(this.child);
    const take = (c: Buffer) => {
      this.output += c.toString();
      for (const w of [...this.waiters]) w();
    };
    this.child.stdout!.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      for (const w of [...this.waiters]) w();
      resolve({ code, signal });
    }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the match once the output matches (counting from `from`); rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs = 60_000, from = 0): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`ovmd output did not match ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-3000)}`)), timeoutMs);
      const check = () => {
        const m = this.output.slice(from).match(pattern);
        if (m) return done(undefined, m);
        if (!this.running) done(new Error(`ovmd exited before printing ${pattern}:\n${this.output.slice(-3000)}`));
      };
      const done = (error?: Error, m?: RegExpMatchArray) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve(m!);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** SIGTERM and wait; SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Every file's text under a directory (for secret canary checks). */
export function textUnder(dir: string): string {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        try {
          return readFileSync(join(e.parentPath, e.name), 'latin1');
        } catch {
          return '';
        }
      })
      .join('\n');
  } catch {
    return '';
  }
}
