// Which module files the runner loads into its own process to plan: only a built bundle that
// carries the build's marker line and passes the module trust check. A script without the
// marker is never required (its top-level code would run inside the runner), and neither is a
// bundle that someone other than root could change.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadInProcess } from '../../../template.d/plan/in-process-loader.js';
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
