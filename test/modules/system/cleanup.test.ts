// The system module's cleanup: per family, against a root that carries every kind of trace a
// template builder leaves (and things that must survive), it removes or empties exactly the
// paths of the documented list, nothing else; the plan names the same paths; a re-run changes
// nothing; the log names every path removed.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import system from '../../../modules/system.js';
import { CLEANUP_ITEMS } from '../../../modules/system/cleanup-list.js';
import { componentRegex } from '../../../modules/system/cleanup-paths.js';
import { cleanupRoots, makeRoot, snapshotTree, type Family } from '../../helpers/roots.js';
import { plannedPaths, runTarget } from '../datetime/harness.js';
import { diffTrees, renderGolden } from '../datetime/tree-diff.js';

// What a builder leaves behind (path -> content); '' keys ending in "/" are directories.
const TRACES: Record<string, string> = {
  '/root/.bash_history': 'passwd\nsystemctl status ovmd\n',
  '/root/.zsh_history': ': 1700000000:0;ls\n',
  '/home/alice/.bash_history': 'sudo -i\n',
  '/home/alice/.sh_history': 'ls\n',
  '/home/bob/.history': 'ls\n',
  '/tmp/build.log': 'compiling\n',
  '/tmp/.hidden-lock': '1\n',
  '/tmp/work/deep/tree/file.o': 'obj\n',
  '/var/tmp/dracut.abc/initramfs': 'img\n',
  '/var/tmp/yum-cache.sqlite': 'db\n',
  '/var/log/ovm-template-config.log': 'configure: network ok\nconfigure: datetime ok\n',
  '/var/log/ovm-template-config.log.1': 'older\n',
  '/var/log/ovm-template-config.log-20261101.gz': 'gz\n',
  '/var/lib/ovmd/params.json': '{"com.oracle.linux.network.hostname":"builder"}\n',
  '/var/lib/ovmd/last-message': '57\n',
  '/var/lib/ovmd/runs/2026-11-21T10:00:00Z.json': '{}\n',
};

// What must survive: look-alikes and things a running system still uses.
const KEEP: Record<string, string> = {
  '/root/.bashrc': '# .bashrc\n',
  '/home/alice/notes.txt': 'keep me\n',
  '/home/alice/.bash_history.bak': 'not a history file name\n',
  '/home/alice/sub/.bash_history': 'not directly under a home directory\n',
  '/tmp/.X11-unix/X0': '',
  '/tmp/systemd-private-0123-chronyd.service-Ab/tmp/x': 'service private tmp\n',
  '/var/log/messages': 'system log\n',
  '/var/log/ovm-template-config.log_notes': 'not a rotated copy\n',
  '/var/lib/ovmdata/file': 'another tool\n',
  '/etc/udev/rules.d/75-persistent-net-generator.rules': '# generator\n',
  '/etc/udev/rules.d/60-custom.rules': '# admin rule\n',
  '/run/ovmd/secrets.json': '{}\n',
};

function plant(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const host = join(root, path);
    mkdirSync(dirname(host), { recursive: true });
    writeFileSync(host, content);
  }
}

function buildRoot(family: Family): string {
  const root = makeRoot(family);
  plant(root, { ...TRACES, ...KEEP });
  chmodSync(join(root, 'var/log/ovm-template-config.log'), 0o640);
  chmodSync(join(root, 'var/lib/ovmd'), 0o700);
  // On systemd families D-Bus's machine-id is a link to /etc/machine-id, and must stay.
  if (family !== 'el6') {
    mkdirSync(join(root, 'var/lib/dbus'), { recursive: true });
    symlinkSync('/etc/machine-id', join(root, 'var/lib/dbus/machine-id'));
  }
  return root;
}

/** True when `path` is named by the list: a pattern match, or inside a matched directory. */
function listed(path: string): boolean {
  return CLEANUP_ITEMS.some((item) => {
    const parts = item.pattern.split('/').filter(Boolean);
    const names = path.split('/').filter(Boolean);
    if (names.length < parts.length) return false;
    return parts.every((part, i) => (componentRegex(part)?.test(names[i]!) ?? part === names[i]) && !(i === parts.length - 1 && item.except?.test(names[i]!)));
  });
}

afterAll(() => cleanupRoots());

describe.each<Family>(['el6', 'el7', 'el8', 'el9'])('system cleanup on %s', (family) => {
  it('removes exactly the documented list, plans it, logs it, and re-runs to no change', async () => {
    const root = buildRoot(family);
    const before = snapshotTree(root);
    const dry = await runTarget(system, 'cleanup', root, {}, { family, dryRun: true });
    expect(snapshotTree(root)).toEqual(before);

    const real = await runTarget(system, 'cleanup', root, {}, { family });
    const after = snapshotTree(root);
    await expect(renderGolden(before, after, real.plan, root)).toMatchFileSnapshot(`golden/${family}/cleanup.txt`);

    const diff = diffTrees(before, after);
    for (const path of [...diff.removed, ...diff.changed]) expect(listed(path), `${path} is not in the cleanup list`).toBe(true);
    expect(diff.added).toEqual([]);
    for (const path of Object.keys(TRACES)) expect(after.get(path)?.content ?? '', `${path} survived`).toBe('');
    for (const path of Object.keys(KEEP)) expect(after.get(path)).toEqual(before.get(path));
    // The plan names each top-level path the run removed or emptied (a removed tree's contents go with it).
    const topLevel = [...diff.removed, ...diff.changed].filter((p) => !diff.removed.some((r) => p.startsWith(`${r}/`)));
    expect(plannedPaths(dry.plan)).toEqual(topLevel.sort());
    for (const step of dry.plan) if (step.action === 'remove') expect(real.log).toContain(`info: removed ${step.path}`);
    expect(real.commands).toEqual([]);

    expect(after.get('/var/log/ovm-template-config.log')).toEqual({ mode: 0o640, content: '' });
    expect(after.get('/tmp')?.mode).toBe(0o1777);
    if (family !== 'el6') expect(after.get('/etc/machine-id')).toEqual({ ...before.get('/etc/machine-id'), content: '' });
    expect(after.get('/var/lib/ovmd')).toEqual({ mode: 0o700, dir: true });
    await runTarget(system, 'cleanup', root, {}, { family });
    expect(snapshotTree(root)).toEqual(after);
  });
});

describe('system declaration', () => {
  it('offers only cleanup, with no parameters', () => {
    expect(system.priorities).toEqual({ cleanup: 90 });
    expect(system.parameters).toEqual({ cleanup: [] });
  });
});

describe('links planted in cleaned places', () => {
  it('removes the link itself, never what it points at', async () => {
    const root = makeRoot('el7');
    symlinkSync('/etc/passwd', join(root, 'root/.bash_history'));
    mkdirSync(join(root, 'var/tmp'), { recursive: true });
    symlinkSync('/etc', join(root, 'var/tmp/etc-link'));
    // /etc/machine-id is emptied by design; everything else under /etc must be untouched.
    const etc = (tree: Map<string, unknown>) => [...tree].filter(([p]) => p.startsWith('/etc/') && p !== '/etc/machine-id');
    const before = snapshotTree(root);
    const run = await runTarget(system, 'cleanup', root, {}, { family: 'el7' });
    const after = snapshotTree(root);
    expect(etc(after)).toEqual(etc(before));
    expect(after.has('/root/.bash_history')).toBe(false);
    expect(after.has('/var/tmp/etc-link')).toBe(false);
    expect(run.log).toContain('info: removed /var/tmp/etc-link');
  });
});
