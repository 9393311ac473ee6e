// Which module files the runner loads into its own process to plan: only a built bundle that
// carries the build's marker line and passes the module trust check. A script without the
// marker is never required (its top-level code would run inside the runner), and neither is a
// bundle that someone other than root could change.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addModule } from '../../../template.d/chkconfig/engine.js';
import { loadInProcess } from '../../../template.d/plan/in-process-loader.js';
import { enumerateTarget } from '../../../template.d/runner/enumerate.js';
import { ensureDist } from '../console/guest.js';
import { TOP } from '../helpers/built.js';

let root: string;
beforeAll(() => ensureDist(), 240_000);
afterEach(() => rmSync(root, { recursive: true, force: true }));

function scripts(): string {
  root = mkdtempSync(join(tmpdir(), 'ovm-inproc-'));
  chmodSync(root, 0o755);
  const dir = join(root, 'etc/template.d/scripts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('loadInProcess', () => {
  it('loads a built bundle and offers its descriptors and plan', () => {
    const file = join(scripts(), 'datetime');
    copyFileSync(join(TOP, 'dist/modules/datetime'), file);
    chmodSync(file, 0o755);
    const api = loadInProcess(root, file);
    expect(api?.name).toBe('datetime');
    expect(api?.descriptors('configure')?.map((d) => d.key)).toContain('com.oracle.linux.datetime.timezone');
    expect(api?.descriptors('cleanup')).toBeUndefined();
  });

  it('answers --enumerate for a built-in bundle without starting it, with what the bundle prints', async () => {
    const file = join(scripts(), 'datetime');
    const bundle = readFileSync(join(TOP, 'dist/modules/datetime'), 'utf8');
    const printed = JSON.parse(execFileSync(join(TOP, 'dist/modules/datetime'), ['configure', '--enumerate'], { encoding: 'utf8' }));
    // The copy leaves a mark when it is started as a process (the runner's hook is not set then).
    const mark = `if (!globalThis[Symbol.for('ovm-template.in-process-module')]) require('fs').writeFileSync(${JSON.stringify(join(root, 'started'))}, '');`;
    writeFileSync(file, bundle.replace(/\n/, `\n${mark}\n`), { mode: 0o755 });
    addModule(root, 'datetime');
    const [entry] = await enumerateTarget({ root, target: 'configure' });
    expect(entry).toEqual({ priority: entry!.priority, name: 'datetime', descriptors: printed });
    expect(existsSync(join(root, 'started'))).toBe(false);
    chmodSync(file, 0o644); // not startable: the process path reports it, so the batch is refused before any change
    const [broken] = await enumerateTarget({ root, target: 'configure' });
    expect(broken!.error).toBe('cannot run: not executable (chmod +x it)');
  });

  it('never requires a Node script without the marker line (its top-level code would run here)', () => {
    const file = join(scripts(), 'sidefx');
    const ran = join(root, 'ran');
    writeFileSync(file, `#!/usr/bin/env node\n// name: sidefx\n// configure: 20\n// dry-run: yes\nrequire('fs').writeFileSync(${JSON.stringify(ran)}, 'x');\n`, { mode: 0o755 });
    expect(loadInProcess(root, file)).toBeUndefined();
    expect(existsSync(ran)).toBe(false);
  });

  it('does not load a bundle that others could change (group-writable)', () => {
    const file = join(scripts(), 'selinux');
    copyFileSync(join(TOP, 'dist/modules/selinux'), file);
    chmodSync(file, 0o775);
    expect(loadInProcess(root, file)).toBeUndefined();
  });
});
