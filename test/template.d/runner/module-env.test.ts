// What a module is given (issue 12 item 6): a fixed environment with nothing of the caller's in
// it, tools found on the fixed PATH only, and of the secrets only those it declares. The runner
// runs in this process, whose environment plays the caller's: a variable of its own and a fake
// `node` first on its PATH that records being run.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addModule } from '../../../template.d/chkconfig/engine.js';
import { runTarget } from '../../../template.d/runner/run-target.js';
import { FIXTURES } from '../helpers/scratch-root.js';

let root: string;
let fakes: string;
const saved = { PATH: process.env.PATH, FOO_SECRET_TEST: process.env.FOO_SECRET_TEST };

function farm(modules: string[]): void {
  root = mkdtempSync(join(tmpdir(), 'ovm-env-'));
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  for (const m of modules) {
    cpSync(join(FIXTURES, m), join(root, 'etc/template.d/scripts', m));
    addModule(root, m);
  }
}

/** A `name` that records each call in <fakes>/called, then fails. */
function fakeTool(name: string): void {
  writeFileSync(join(fakes, name), `#!/bin/sh\necho "${name} $*" >> '${fakes}/called'\nexit 1\n`);
  chmodSync(join(fakes, name), 0o755);
}

function callerEnvironment(): void {
  fakes = mkdtempSync(join(tmpdir(), 'ovm-fake-path-'));
  for (const tool of ['node', 'python3', 'sh', 'systemctl']) fakeTool(tool);
  process.env.PATH = `${fakes}:${saved.PATH}`;
  process.env.FOO_SECRET_TEST = 'caller-only-7f3a';
}

afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.FOO_SECRET_TEST === undefined) delete process.env.FOO_SECRET_TEST;
  else process.env.FOO_SECRET_TEST = saved.FOO_SECRET_TEST;
  if (fakes) rmSync(fakes, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

const SATELLITE = {
  'com.oracle.linux.satellite.server': 'sat.example.com',
  'com.oracle.linux.satellite.organization': 'Org',
  'com.oracle.linux.satellite.activation-key': 'activation-Canary-51',
};
const TOKEN = { 'com.example.vault.token': 'vault-Canary-93' };

describe('the module environment', () => {
  beforeEach(callerEnvironment);

  it('is the fixed set, with none of the caller variables, and its tools come from the fixed PATH', async () => {
    farm(['envdump']);
    const report = await runTarget({ root, target: 'configure', params: { a: 'b' } });
    expect(report.modules.map((m) => [m.name, m.status, m.error])).toEqual([['envdump', 'ok', undefined]]);
    const { env } = JSON.parse(readFileSync(join(root, 'envdump.json'), 'utf8'));
    expect(Object.keys(env).sort()).toEqual(['LANG', 'OVM_TEMPLATE_ROOT', 'PATH', 'PYTHONDONTWRITEBYTECODE', 'PYTHONPATH']);
    expect(env).toMatchObject({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', OVM_TEMPLATE_ROOT: root });
    expect(JSON.stringify(env)).not.toContain('caller-only-7f3a');
    expect(existsSync(join(fakes, 'called')), 'a fake tool on the caller PATH ran').toBe(false);
  });
});

describe('secrets on stdin', () => {
  it('reach only the module that declares the key; other keys reach every module', async () => {
    farm(['envdump', 'keyholder', 'satellite']);
    const params = { ...SATELLITE, ...TOKEN, 'com.example.plain': 'shown' };
    const report = await runTarget({ root, target: 'configure', params });
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([
      ['envdump', 'ok'],
      ['keyholder', 'ok'],
      ['satellite', 'ok'],
    ]);
    const nosecret = JSON.parse(readFileSync(join(root, 'envdump.json'), 'utf8')).params;
    expect(nosecret).toEqual({ 'com.oracle.linux.satellite.server': 'sat.example.com', 'com.oracle.linux.satellite.organization': 'Org', 'com.example.plain': 'shown' });
    const holder = JSON.parse(readFileSync(join(root, 'keyholder.json'), 'utf8'));
    expect(holder).toEqual({ ...nosecret, ...TOKEN });
    // satellite got its own key (it wrote it), and every secret is still in the resulting set.
    expect(readFileSync(join(root, 'etc/sysconfig/rhn/bootstrap.properties'), 'utf8')).toContain('activation-Canary-51');
    expect(report.params).toMatchObject({ ...params, 'com.example.vault.used': 'True' });
  });

  it('a module that declares no key gets no secret at all', async () => {
    farm(['envdump', 'keyholder']);
    const report = await runTarget({ root, target: 'configure', params: { ...TOKEN } });
    expect(report.secretKeys).toEqual(['com.example.vault.token']);
    expect(JSON.parse(readFileSync(join(root, 'envdump.json'), 'utf8')).params).toEqual({});
  });
});
