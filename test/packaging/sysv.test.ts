// The SysV init script (packaging/sysv/ovmd) on its own, against scratch roots through its
// documented test hook OVMD_INIT_ROOT: the actions that need no running daemon.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '../../packaging/sysv/ovmd');
let root: string;

function init(...args: string[]) {
  return initWith({}, ...args);
}

function initWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, OVMD_INIT_ROOT: root, ...env } });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ovm-sysv-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('/etc/init.d/ovmd', () => {
  it('passes bash -n and declares start priority 00 for chkconfig', () => {
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    expect(readFileSync(script, 'utf8')).toMatch(/^# chkconfig: 2345 00 99$/m);
  });

  it('enable-initial-config replaces INITIAL_CONFIG and keeps every other line and the mode', () => {
    mkdirSync(join(root, 'etc/sysconfig'), { recursive: true });
    const file = join(root, 'etc/sysconfig/ovmd');
    writeFileSync(file, '# mine\nOVMD_OPTIONS="-d 1"\nINITIAL_CONFIG=no\nREPORT_IP=no\n', { mode: 0o600 });
    const r = init('enable-initial-config');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('INITIAL_CONFIG=yes');
    expect(readFileSync(file, 'utf8')).toBe('# mine\nOVMD_OPTIONS="-d 1"\nINITIAL_CONFIG=yes\nREPORT_IP=no\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('enable-initial-config creates the setting when the file lacks it or is missing', () => {
    const r = init('enable-initial-config');
    expect(r.status).toBe(0);
    expect(readFileSync(join(root, 'etc/sysconfig/ovmd'), 'utf8')).toBe('INITIAL_CONFIG=yes\n');
    expect(statSync(join(root, 'etc/sysconfig/ovmd')).mode & 0o777).toBe(0o644);
  });

  it('enable-initial-config also arms the systemd layout when that file exists, and only then', () => {
    mkdirSync(join(root, 'etc/sysconfig'), { recursive: true });
    writeFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), '# x\nINITIAL_CONFIG=no\n');
    expect(init('enable-initial-config').status).toBe(0);
    expect(readFileSync(join(root, 'etc/sysconfig/ovm-template-initial-config'), 'utf8')).toBe('# x\nINITIAL_CONFIG=yes\n');
  });

  it('enable-initial-config fails clearly when the file cannot be written, changing nothing', () => {
    writeFileSync(join(root, 'etc'), 'not a directory');
    const r = init('enable-initial-config');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('cannot write');
  });

  it('status says stopped (LSB 3) without a daemon, and dead (1) with a stale PID file', () => {
    let r = init('status');
    expect([r.status, r.stdout.trim()]).toEqual([3, 'ovmd is stopped']);
    mkdirSync(join(root, 'run/ovmd'), { recursive: true });
    const dead = spawnSync('true').pid!;
    writeFileSync(join(root, 'run/ovmd/ovmd.pid'), `${dead}\n`);
    r = init('status');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('dead');
  });

  it('stop without a daemon succeeds and says so', () => {
    const r = init('stop');
    expect([r.status, r.stdout.trim()]).toEqual([0, 'ovmd is not running']);
  });

  it('an unknown action prints the usage and exits 2', () => {
    const r = init('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^Usage: .*\{start\|stop\|status\|restart\|try-restart\|enable-initial-config\}/);
  });

  it('start gives the daemon the memory settings of ovmd.service, keeping an administrator\'s NODE_OPTIONS', () => {
    // A stand-in for /usr/sbin/ovmd that records its environment and behaves like the daemon
    // towards the script: it writes its PID to the -f file and stays up until stopped.
    mkdirSync(join(root, 'usr/sbin'), { recursive: true });
    writeFileSync(join(root, 'usr/sbin/ovmd'), `#!/bin/sh\nprintf '%s|%s\\n' "$MALLOC_ARENA_MAX" "$NODE_OPTIONS" > "${root}/env.seen"\necho $$ > "$2"\nexec sleep 30\n`, { mode: 0o755 });
    const r = initWith({ NODE_OPTIONS: '--stack-trace-limit=50' }, 'start');
    try {
      expect(r.stdout, r.stderr).toContain('Starting ovmd: OK');
      expect(readFileSync(join(root, 'env.seen'), 'utf8')).toBe('2|--max-semi-space-size=1 --stack-trace-limit=50\n');
      const unit = readFileSync(resolve(import.meta.dirname, '../../packaging/systemd/ovmd.service'), 'utf8');
      expect(unit).toMatch(/^Environment=MALLOC_ARENA_MAX=2 NODE_OPTIONS=--max-semi-space-size=1$/m);
    } finally {
      expect(init('stop').status).toBe(0);
    }
  });
});
