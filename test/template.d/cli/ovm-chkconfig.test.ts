// Black-box tests of the built ovm-chkconfig against scratch roots (and once inside a chroot).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installCommands, type Installed } from '../helpers/built.js';
import { installScript, makeTemplateRoot, type ScratchRoot } from '../helpers/scratch-root.js';
import { runCommand } from '../helpers/run-command.js';

let installed: Installed;
let scratch: ScratchRoot;

beforeAll(() => {
  installed = installCommands();
});
afterAll(() => installed.remove());
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
