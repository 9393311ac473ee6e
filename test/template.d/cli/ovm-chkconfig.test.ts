// Black-box tests of the built ovm-chkconfig against scratch roots (and once inside a chroot).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installedCommands } from '../helpers/installed-commands.js';
import { installScript, makeTemplateRoot, type ScratchRoot } from '../helpers/scratch-root.js';
import { runCommand } from '../helpers/run-command.js';

const installed = installedCommands();
let scratch: ScratchRoot;
afterEach(() => scratch?.remove());

/** Every link under the farm as `<target>.d/<entry> -> <points>`, sorted. */
function links(root: string): string[] {
  const base = join(root, 'etc/template.d');
  return readdirSync(base)
    .filter((d) => d.endsWith('.d'))
    .flatMap((d) => readdirSync(join(base, d)).map((e) => `${d}/${e} -> ${readlinkSync(join(base, d, e))}`))
    .sort();
}

function chkconfig(...args: string[]) {
  return runCommand(installed.bin('ovm-chkconfig'), ['--root', scratch.root, ...args]);
}

describe('ovm-chkconfig on a scratch root', () => {
  it('--add creates one relative link per declared target, and --list shows on:NN/off', async () => {
    scratch = makeTemplateRoot(installed, []);
    installScript(scratch.root, 'satellite');
    const added = await chkconfig('--add', 'satellite');
    expect(added.code).toBe(0);
    expect(links(scratch.root)).toEqual(['cleanup.d/20satellite -> ../scripts/satellite', 'configure.d/80satellite -> ../scripts/satellite']);
    const listed = await chkconfig('--list', 'satellite');
    expect(listed.stdout.trim().split('\n')[1]!.split(/\s+/)).toEqual(['satellite', 'on:80', 'off', 'off', 'on:20', 'off', 'off', 'off', 'off']);
  });

  it('--target (both spellings) turns single targets off and on; --del removes every link', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd']);
    expect((await chkconfig('--target', 'configure', 'satellite', 'off')).code).toBe(0);
    expect(links(scratch.root)).not.toContain('configure.d/80satellite -> ../scripts/satellite');
    expect((await chkconfig('--target=configure,cleanup', 'motd', 'off')).code).toBe(0);
    expect((await chkconfig('--target=configure', 'satellite', 'on')).code).toBe(0);
    expect(links(scratch.root)).toEqual(['cleanup.d/20satellite -> ../scripts/satellite', 'configure.d/80satellite -> ../scripts/satellite']);
    expect((await chkconfig('--del', 'satellite')).code).toBe(0);
    expect(links(scratch.root)).toEqual([]);
    const table = (await chkconfig('--list')).stdout;
    expect(table).toMatch(/^motd\s+off\s+off\s+off\s+off/m);
    expect(table).toMatch(/^satellite\s+off\s+off\s+off\s+off/m);
  });

  it('refuses to turn on a target the header does not declare, and changes nothing', async () => {
    scratch = makeTemplateRoot(installed, ['satellite']);
    const before = links(scratch.root);
    const result = await chkconfig('--target=configure,suspend', 'satellite', 'on');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not declare suspend');
    expect(links(scratch.root)).toEqual(before);
  });

  it('refuses a bad header, a name mismatch and an unknown module, and changes nothing', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    const before = links(scratch.root);
    const scripts = join(scratch.root, 'etc/template.d/scripts');
    writeFileSync(join(scripts, 'broken'), '#!/bin/sh\n# name: broken\n# configure: 5x\n');
    installScript(scratch.root, 'satellite', 'renamed');
    for (const [name, message] of [
      ['broken', 'a priority is a number from 00 to 99'],
      ['renamed', 'the header says "name: satellite" but the script is called "renamed"'],
      ['ghost', 'unknown module "ghost"'],
    ]) {
      const result = await chkconfig('--add', name!);
      expect(result.code, name).toBe(1);
      expect(result.stderr).toContain(message);
    }
    expect((await chkconfig('--del', 'ghost')).stderr).toContain('unknown module "ghost"');
    expect((await chkconfig('--list', 'ghost')).code).toBe(1);
    expect((await chkconfig('--add', '../../../bin/sh')).code).toBe(1);
    expect(links(scratch.root)).toEqual(before);
  });

  it('says what to do on a wrong command line (exit 2)', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    expect((await chkconfig('--target=configure', 'motd')).stderr).toContain('on or off');
    expect((await chkconfig('--target=bogus', 'motd', 'on')).stderr).toContain('unknown target "bogus"');
    const none = await chkconfig();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing to do');
    expect((await chkconfig('--add', 'motd', '--del', 'motd')).code).toBe(2);
  });

  it('--list NAME and --list=NAME both show only that module', async () => {
    scratch = makeTemplateRoot(installed, ['satellite', 'motd']);
    const spaced = await chkconfig('--list', 'motd');
    const joined = await chkconfig('--list=motd');
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.stdout).toBe(spaced.stdout);
    expect(joined.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['name', 'motd']);
    expect((await chkconfig('--list=')).stdout).toMatch(/^satellite\s/m);
  });

  it('refuses to --add a script that is not executable, saying how to fix it, and changes nothing', async () => {
    scratch = makeTemplateRoot(installed, []);
    installScript(scratch.root, 'motd');
    const script = scratch.path('etc/template.d/scripts/motd');
    chmodSync(script, 0o644);
    const refused = await chkconfig('--add', 'motd');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${script} is not executable: run chmod 755 ${script}`);
    expect(links(scratch.root)).toEqual([]);
    expect((await chkconfig('--target=configure', 'motd', 'on')).code).toBe(1);
    expect(links(scratch.root)).toEqual([]);
  });

  it.each([
    ['world-writable', (f: string) => chmodSync(f, 0o757), 'is writable by others'],
    ['group-writable', (f: string) => chmodSync(f, 0o775), 'is writable by its group'],
    ['owned by another user', (f: string) => chownSync(f, 1000, 1000), 'is owned by uid 1000, not root'],
  ])('refuses to --add (or turn on) a module file that is %s, naming it and the fix, and changes nothing', async (_, spoil, why) => {
    scratch = makeTemplateRoot(installed, []);
    installScript(scratch.root, 'motd');
    const script = scratch.path('etc/template.d/scripts/motd');
    spoil(script);
    const refused = await chkconfig('--add', 'motd');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `ovm-chkconfig: refused: ${script} ${why}; a module and every directory above it must be changeable by root alone ` +
        `(fix: chown root:root ${script}; chmod go-w ${script})\n`,
    );
    expect(links(scratch.root)).toEqual([]);
    expect((await chkconfig('--target=configure', 'motd', 'on')).code).toBe(1);
    expect(links(scratch.root)).toEqual([]);
  });

  it('refuses to --add a module in a directory others can write, and adds it once that is fixed', async () => {
    scratch = makeTemplateRoot(installed, []);
    installScript(scratch.root, 'motd');
    const scripts = scratch.path('etc/template.d/scripts');
    chmodSync(scripts, 0o777);
    const refused = await chkconfig('--add', 'motd');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refused: ${scripts} is writable by group and others;`);
    expect(links(scratch.root)).toEqual([]);
    chmodSync(scripts, 0o755);
    expect((await chkconfig('--add', 'motd')).code).toBe(0);
    expect(links(scratch.root)).toEqual(['cleanup.d/60motd -> ../scripts/motd', 'configure.d/60motd -> ../scripts/motd']);
  });

  it('says so when a request changes nothing: a repeated --add, on or off', async () => {
    scratch = makeTemplateRoot(installed, ['satellite']);
    const again = await chkconfig('--add', 'satellite');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('satellite is already on for: configure (80), cleanup (20); nothing changed\n');
    expect((await chkconfig('--target=cleanup', 'satellite', 'on')).stdout).toContain('already on for: cleanup (20)');
    await chkconfig('--target=configure', 'satellite', 'off');
    expect((await chkconfig('--target=configure', 'satellite', 'off')).stdout).toContain('satellite is already off for: configure');
  });

  it('names the wrong word after --target and the root in an unknown --del', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    const maybe = await chkconfig('--target=configure', 'motd', 'maybe');
    expect(maybe.code).toBe(2);
    expect(maybe.stderr).toContain('expected on or off after the module name, got "maybe"');
    const ghost = await chkconfig('--del', 'nosuch');
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain(`no ${scratch.root}/etc/template.d/scripts/nosuch and no links to it under ${scratch.root}/etc/template.d`);
  });

  it('as a non-root user, says "permission denied … run as root" in one sentence', async () => {
    scratch = makeTemplateRoot(installed, ['motd']);
    chmodSync(installed.dir, 0o755);
    const asNobody = (...args: string[]) =>
      runCommand('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', installed.bin('ovm-chkconfig'), '--root', scratch.root, ...args]);
    // mkdtemp made the root 0700: nobody cannot even look inside.
    const hidden = await asNobody('--list');
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toBe(`ovm-chkconfig: permission denied: cannot read ${scratch.root}/etc/template.d; run ovm-chkconfig as root\n`);
    chmodSync(scratch.root, 0o755);
    const before = links(scratch.root);
    const del = await asNobody('--del', 'motd');
    expect(del.code).toBe(1);
    expect(del.stderr).toMatch(/^ovm-chkconfig: permission denied: cannot remove \S+\/etc\/template\.d\/\w+\.d\/60motd; run ovm-chkconfig as root\n$/);
    expect(links(scratch.root)).toEqual(before);
  });

  it('works inside a chroot of an offline image (as Exalogic image tooling runs it)', async () => {
    scratch = makeTemplateRoot(installed, []);
    const root = scratch.root;
    installScript(root, 'motd');
    mkdirSync(join(root, 'usr'));
    for (const dir of ['bin', 'lib', 'lib64', 'sbin']) symlinkSync(`usr/${dir}`, join(root, dir));
    mkdirSync(join(root, 'opt/ovm/bin'), { recursive: true });
    execFileSync('cp', [installed.bin('ovm-chkconfig'), join(root, 'opt/ovm/bin/')]);
    chmodSync(join(root, 'opt/ovm/bin/ovm-chkconfig'), 0o755);
    // A private mount namespace: the read-only bind of /usr disappears with the command.
    const script = 'mount --bind /usr "$1/usr" && mount -o remount,bind,ro "$1/usr" && chroot "$1" /opt/ovm/bin/ovm-chkconfig --add motd';
    const out = execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', root], { encoding: 'utf8' });
    expect(out).toContain('linked configure.d/60motd -> ../scripts/motd');
    // The bind mount must be gone; never let the recursive cleanup near a mounted /usr.
    if (readdirSync(join(root, 'usr')).length > 0) {
      scratch = { ...scratch, remove: () => undefined };
      throw new Error(`${root}/usr is still mounted: unmount it by hand`);
    }
    rmdirSync(join(root, 'usr'));
    expect(links(root)).toEqual(['cleanup.d/60motd -> ../scripts/motd', 'configure.d/60motd -> ../scripts/motd']);
    expect(lstatSync(join(root, 'etc/template.d/configure.d/60motd')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(root, 'etc/template.d/configure.d/60motd'))).toBe(true);
  });
});

describe("chkconfig's habit: ovm-chkconfig NAME on|off", () => {
  it('is a usage error that shows the per-target form and the all-targets one, and changes nothing', async () => {
    scratch = makeTemplateRoot(installed, ['satellite']);
    const before = links(scratch.root);
    const off = await chkconfig('satellite', 'off');
    expect(off.code).toBe(2);
    expect(off.stderr.split('\n')[0]).toBe('ovm-chkconfig: "satellite off" needs the targets: ovm-chkconfig --target=configure satellite off (comma-separate several targets), or --del satellite turns it off for every target');
    const on = await chkconfig('satellite', 'on');
    expect(on.stderr).toContain('--add satellite turns it on for every target its header declares');
    const show = await chkconfig('satellite');
    expect(show.stderr.split('\n')[0]).toBe('ovm-chkconfig: to see where satellite is on, use ovm-chkconfig --list satellite');
    expect(links(scratch.root)).toEqual(before);
  });
});
