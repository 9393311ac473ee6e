// Records every command a process tree runs, by putting logging wrappers first on PATH: each
// wrapper appends its name and arguments (NUL-separated, one record per line) to a log file
// outside the root, then execs the real tool. Plus a /proc sampler that catches processes
// started by absolute path. Both let a test prove no secret was ever in an argument list.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WRAPPED = ['openssl', 'chpasswd', 'useradd', 'usermod', 'userdel', 'groupadd', 'groupmod', 'groupdel', 'ssh-keygen', 'sh', 'cat', 'node'];

export interface CommandLog {
  /** PATH value to give the processes under test. */
  path: string;
  /** Every recorded argv so far. */
  read(): string[][];
  remove(): void;
}

/** Why: a complete, deterministic record of the commands modules run (timing-free, unlike sampling). */
export function makeCommandLog(): CommandLog {
  const dir = mkdtempSync(join(tmpdir(), 'ovm-cmdlog-'));
  const log = join(dir, 'commands.log');
  writeFileSync(log, '');
  for (const tool of WRAPPED) {
    const real = execFileSync('sh', ['-c', `command -v ${tool}`]).toString().trim();
    const script = `#!/bin/sh\nprintf '%s\\0' "${tool}" "$@" >> '${log}'\nprintf '\\n' >> '${log}'\nexec '${real}' "$@"\n`;
    writeFileSync(join(dir, tool), script);
    chmodSync(join(dir, tool), 0o755);
  }
  return {
    path: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
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
