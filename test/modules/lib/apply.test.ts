// Applying changes: atomic writes with mode and owner, the "unchanged" skip, links, dirs,
// removals, commands (live-only ones skipped off the running system), and the plan rendering.
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync, writeSync, chownSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../modules/lib/apply.js';
import { inspectChange } from '../../../modules/lib/change-state.js';
import { createLogger } from '../../../modules/lib/logger.js';
import { renderPlan } from '../../../modules/lib/plan.js';
import type { Change, CommandRunner } from '../../../modules/lib/types.js';

let root: string;
let logs: string[];
let ran: string[][];
const runner: CommandRunner = async (argv) => {
  ran.push(argv);
  return argv[0] === 'false' ? { exitCode: 3, stdout: '', stderr: 'it broke\n' } : { exitCode: 0, stdout: '', stderr: '' };
};
const apply = (changes: Change[], live = false) => applyChanges(changes, { root, live, runner, log: createLogger((l) => logs.push(l.trim())) });
const st = (p: string) => statSync(join(root, p));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ovm-apply-'));
  logs = [];
  ran = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('write', () => {
  it('creates missing parents (0755 root) and the file (0644 root) by default', async () => {
    await apply([{ kind: 'write', path: '/etc/deep/dir/file.conf', content: 'x=1\n' }]);
    expect(readFileSync(join(root, 'etc/deep/dir/file.conf'), 'utf8')).toBe('x=1\n');
    expect(st('etc/deep/dir/file.conf').mode & 0o7777).toBe(0o644);
    expect(st('etc/deep').mode & 0o7777).toBe(0o755);
    expect(st('etc/deep/dir/file.conf').uid).toBe(0);
    expect(logs).toEqual(['info: wrote /etc/deep/dir/file.conf (mode 0644)']);
  });

  it('sets the requested mode and owner', async () => {
    await apply([{ kind: 'write', path: '/home/u/key', content: 'k', mode: 0o600, owner: { uid: 1234, gid: 4321 } }]);
    const s = st('home/u/key');
    expect([s.mode & 0o7777, s.uid, s.gid]).toEqual([0o600, 1234, 4321]);
  });

  it("keeps an existing file's mode and owner when the change names none", async () => {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/shadow'), 'old');
    chmodSync(join(root, 'etc/shadow'), 0o000);
    chownSync(join(root, 'etc/shadow'), 0, 15);
    await apply([{ kind: 'write', path: '/etc/shadow', content: 'new' }]);
    const s = st('etc/shadow');
    expect([s.mode & 0o7777, s.gid]).toEqual([0o000, 15]);
    expect(readFileSync(join(root, 'etc/shadow'), 'utf8')).toBe('new');
  });

  it('replaces the file atomically (new inode) and leaves no temp file behind', async () => {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/hosts'), 'old\n');
    const before = st('etc/hosts').ino;
    await apply([{ kind: 'write', path: '/etc/hosts', content: 'new\n' }]);
    expect(st('etc/hosts').ino).not.toBe(before);
    expect(readdirSync(join(root, 'etc'))).toEqual(['hosts']);
  });

  it('inPlace: empties the file itself, so a process holding it open for appending keeps writing to it', async () => {
    mkdirSync(join(root, 'var/log'), { recursive: true });
    writeFileSync(join(root, 'var/log/run.log'), 'old lines\n', { mode: 0o640 });
    const before = st('var/log/run.log').ino;
    const fd = openSync(join(root, 'var/log/run.log'), 'a');
    try {
      await apply([{ kind: 'write', path: '/var/log/run.log', content: '', inPlace: true }]);
      writeSync(fd, 'the end of the run\n');
    } finally {
      closeSync(fd);
    }
    expect(st('var/log/run.log').ino).toBe(before);
    expect(st('var/log/run.log').mode & 0o7777).toBe(0o640);
    expect(readFileSync(join(root, 'var/log/run.log'), 'utf8')).toBe('the end of the run\n');
  });

  it('skips a write whose content, mode and owner already match', async () => {
    const change: Change = { kind: 'write', path: '/etc/x', content: 'same\n', mode: 0o640 };
    await apply([change]);
    const { ino, mtimeMs } = st('etc/x');
    logs = [];
    await apply([change]);
    expect(st('etc/x').ino).toBe(ino);
    expect(st('etc/x').mtimeMs).toBe(mtimeMs);
    expect(logs).toEqual(['info: unchanged: write /etc/x']);
    // Same content but another mode is a change.
    await apply([{ ...change, mode: 0o600 }]);
    expect(st('etc/x').mode & 0o7777).toBe(0o600);
  });

  it('refuses to write over a directory, with the path in the message', async () => {
    mkdirSync(join(root, 'etc/dir'), { recursive: true });
    await expect(apply([{ kind: 'write', path: '/etc/dir', content: '' }])).rejects.toThrow('/etc/dir is a directory');
  });
});

describe('symlink, mkdir, remove', () => {
  it('replaces a link atomically and reports an identical one as unchanged', async () => {
    await apply([{ kind: 'symlink', path: '/etc/localtime', target: '../usr/share/zoneinfo/UTC' }]);
    await apply([{ kind: 'symlink', path: '/etc/localtime', target: '../usr/share/zoneinfo/Asia/Tokyo' }]);
    expect(readlinkSync(join(root, 'etc/localtime'))).toBe('../usr/share/zoneinfo/Asia/Tokyo');
    logs = [];
    await apply([{ kind: 'symlink', path: '/etc/localtime', target: '../usr/share/zoneinfo/Asia/Tokyo' }]);
    expect(logs).toEqual(['info: unchanged: symlink /etc/localtime']);
  });

  it('makes a directory with mode and owner, and fixes them on an existing one', async () => {
    await apply([{ kind: 'mkdir', path: '/home/u/.ssh', mode: 0o700, owner: { uid: 1000, gid: 1000 } }]);
    const s = st('home/u/.ssh');
    expect([s.isDirectory(), s.mode & 0o7777, s.uid]).toEqual([true, 0o700, 1000]);
    await apply([{ kind: 'mkdir', path: '/home/u/.ssh', mode: 0o750, owner: { uid: 1000, gid: 1000 } }]);
    expect(st('home/u/.ssh').mode & 0o7777).toBe(0o750);
  });

  it('removes a file or a link (not its target); removing nothing is "unchanged"', async () => {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/target'), 't');
    await apply([{ kind: 'symlink', path: '/etc/link', target: 'target' }, { kind: 'remove', path: '/etc/link' }]);
    expect(() => lstatSync(join(root, 'etc/link'))).toThrow();
    expect(readFileSync(join(root, 'etc/target'), 'utf8')).toBe('t');
    logs = [];
    await apply([{ kind: 'remove', path: '/etc/link' }]);
    expect(logs).toEqual(['info: unchanged: remove /etc/link']);
  });
});

describe('run', () => {
  it('runs a command and logs it; a live-only one is skipped off the running system', async () => {
    await apply([
      { kind: 'run', argv: ['systemctl', `--root=${root}`, 'enable', 'x.service'] },
      { kind: 'run', argv: ['systemctl', 'start', 'x.service'], live: true },
    ]);
    expect(ran).toEqual([['systemctl', `--root=${root}`, 'enable', 'x.service']]);
    expect(logs[1]).toBe('info: skipped (not the running system): systemctl start x.service');
    await apply([{ kind: 'run', argv: ['systemctl', 'start', 'x.service'], live: true }], true);
    expect(ran).toHaveLength(2);
  });

  it('a failing command stops the list with its exit status and last stderr line', async () => {
    mkdirSync(join(root, 'etc'));
    const changes: Change[] = [
      { kind: 'run', argv: ['false', 'a b'] },
      { kind: 'write', path: '/etc/after', content: 'x' },
    ];
    await expect(apply(changes)).rejects.toThrow('false "a b" failed with exit status 3: it broke');
    expect(readdirSync(join(root, 'etc'))).toEqual([]);
  });
});

describe('plan', () => {
  it('renders the same list as steps, with diffs against the current file or an earlier step', () => {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/a'), 'one\ntwo\n');
    const changes: Change[] = [
      { kind: 'write', path: '/etc/a', content: 'one\nTWO\n' },
      { kind: 'write', path: '/etc/a', content: 'one\nTWO\nthree\n', why: 'second edit' },
      { kind: 'write', path: '/etc/pw', content: 'hunter2', secret: true, mode: 0o600 },
      { kind: 'mkdir', path: '/etc/d' },
      { kind: 'run', argv: ['chpasswd', '-e'], input: 'root:$6$x', secretInput: true, live: false },
    ];
    const plan = renderPlan(changes.map((c) => inspectChange(root, c)), false);
    expect(plan[0]).toMatchObject({ action: 'write', path: '/etc/a', mode: '0644' });
    expect((plan[0] as { diff: string }).diff).toContain('-two\n+TWO\n');
    expect((plan[1] as { diff: string }).diff).toContain('+three\n');
    expect((plan[1] as { diff: string }).diff).not.toContain('-two');
    expect(plan[1]!.why).toBe('second edit');
    expect(plan[2]).toEqual({ action: 'write', path: '/etc/pw', mode: '0600', secret: true });
    expect(plan[3]).toEqual({ action: 'mkdir', path: '/etc/d', mode: '0755' });
    expect(plan[4]).toEqual({ action: 'run', argv: ['chpasswd', '-e'], live: false, input: 'secret' });
    expect(JSON.stringify(plan)).not.toContain('hunter2');
    expect(JSON.stringify(plan)).not.toContain('$6$x');
  });

  it('marks steps that are already in place as unchanged', () => {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/a'), 'same\n', { mode: 0o644 });
    chmodSync(join(root, 'etc/a'), 0o644);
    const plan = renderPlan([inspectChange(root, { kind: 'write', path: '/etc/a', content: 'same\n' })], false);
    expect(plan[0]).toMatchObject({ action: 'write', unchanged: true });
  });
});
