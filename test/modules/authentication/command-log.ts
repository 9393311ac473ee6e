// Records every command a process tree runs: in a private mount namespace (unshare(1); root
// only), each recorded tool on the toolkit's fixed PATH is covered by a bind-mounted wrapper that
// appends its name and arguments (NUL-separated, one record per line) to a log file outside the
// root, then execs the real tool (bind-mounted aside first). A PATH of our own would not do: the
// toolkit finds its tools on the fixed PATH only, whatever the caller's PATH says. Plus a /proc
// sampler that catches every process. Both let a test prove no secret was ever in an argument list.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WRAPPED = ['openssl', 'chpasswd', 'useradd', 'usermod', 'userdel', 'groupadd', 'groupmod', 'groupdel', 'ssh-keygen', 'sh', 'cat', 'node'];
const FIXED_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

export interface CommandLog {
  /** The command line that runs `command args` with the recording wrappers in place. */
  wrap(command: string, args: string[]): [string, string[]];
  /** Every recorded argv so far. */
  read(): string[][];
  remove(): void;
}

function realTool(tool: string): string {
  return realpathSync(execFileSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: FIXED_PATH } }).toString().trim());
}

/** Why: a complete, deterministic record of the commands modules run (timing-free, unlike sampling). */
export function makeCommandLog(): CommandLog {
  const dir = mkdtempSync(join(tmpdir(), 'ovm-cmdlog-'));
  const log = join(dir, 'commands.log');
  writeFileSync(log, '');
  mkdirSync(join(dir, 'real'));
  const aside: string[] = [];
  const cover: string[] = [];
  for (const tool of WRAPPED) {
    const real = realTool(tool);
    const saved = join(dir, 'real', tool);
    writeFileSync(saved, '');
    const script = `#!${join(dir, 'real/sh')}\nprintf '%s\\0' "${tool}" "$@" >> '${log}'\nprintf '\\n' >> '${log}'\nexec '${saved}' "$@"\n`;
    writeFileSync(join(dir, tool), script);
    chmodSync(join(dir, tool), 0o755);
    aside.push(`mount --bind '${real}' '${saved}'`);
    cover.push(`mount --bind '${join(dir, tool)}' '${real}'`);
  }
  const setup = ['set -e', ...aside, ...cover, 'exec "$@"'].join('\n');
  return {
    wrap: (command, args) => ['unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', setup, 'sh', command, ...args]],
    read: () =>
      readFileSync(log, 'utf8')
        .split('\0\n')
        .filter((r) => r !== '')
        .map((r) => r.split('\0')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Samples every process's argv under /proc until stopped; returns what it saw. */
export function sampleCmdlines(): { stop(): string[] } {
  const seen = new Set<string>();
  const timer = setInterval(() => {
    for (const pid of readdirSync('/proc').filter((p) => /^[0-9]+$/.test(p))) {
      try {
        seen.add(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
      } catch {
        // the process ended between readdir and read
      }
    }
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return [...seen];
    },
  };
}
