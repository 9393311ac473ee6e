// The templateconfig compatibility package, driven by the system's Python 3 the way third-party
// modules use it: templateconfig.cli.main and templateconfig.common.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOP } from '../helpers/built.js';

const PYTHONPATH = join(TOP, 'template.d/python');
let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Runs a Python module body with templateconfig importable; args go to sys.argv[1:]. */
function py(body: string, args: string[], input = '', env: Record<string, string> = {}) {
  const result = spawnSync('/usr/bin/python3', ['-B', '-c', body, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const MODULE = `
import json
from templateconfig.cli import main, ModuleError
def do_enumerate(target):
    return json.dumps([{'key': 'k.' + target}])
def do_configure(param):
    p = json.loads(param)
    if p.get('bad'):
        raise ModuleError('bad: refused')
    p['configured'] = 'True'
    return json.dumps(p)
def do_cleanup(param):
    return {'cleaned': 'True'}
main(do_enumerate, {'configure': do_configure, 'cleanup': do_cleanup})
`;

describe('templateconfig.cli.main', () => {
  it('answers -e and --enumerate with do_enumerate(target)', () => {
    for (const flag of ['-e', '--enumerate']) {
      const r = py(MODULE, ['configure', flag]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([{ key: 'k.configure' }]);
    }
  });

  it('passes stdin to the target handler as a JSON string and prints what it returns', () => {
    const r = py(MODULE, ['configure'], '{"a": "1"}');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ a: '1', configured: 'True' });
    expect(JSON.parse(py(MODULE, ['cleanup'], '{}').stdout)).toEqual({ cleaned: 'True' });
  });

  it('exits 2 with "error: ..." for a refusal and 1 for an unknown target or a crash', () => {
    const refused = py(MODULE, ['configure'], '{"bad": "x"}');
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe('error: bad: refused\n');
    const unknown = py(MODULE, ['migrate'], '{}');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no 'migrate' target (it has: cleanup, configure)");
    expect(py(MODULE, ['configure'], 'not json').stderr).toContain('not JSON');
    expect(py(MODULE, [], '').code).toBe(2);
  });
});

describe('templateconfig.common', () => {
  it('run_cmd returns stdout, feeds input on stdin and refuses a shell string', () => {
    const body = `
from templateconfig.common import run_cmd, CommandError
print(run_cmd(['echo', 'a;b']).strip())
print(run_cmd(['cat'], input='via stdin').strip())
try:
    run_cmd('echo hi')
except TypeError as e:
    print('TypeError')
try:
    run_cmd(['sh', '-c', 'echo oops >&2; exit 3'])
except CommandError as e:
    print('CommandError %d' % e.returncode)
print(run_cmd(['sh', '-c', 'exit 3'], success_return_code=(0, 3)) == '')
`;
    const r = py(body, []);
    expect(r.stdout.split('\n')).toEqual(['a;b', 'via stdin', 'TypeError', 'CommandError 3', 'True', '']);
  });

  it('root_path resolves under OVM_TEMPLATE_ROOT and refuses to climb out of it', () => {
    dir = mkdtempSync(join(tmpdir(), 'ovm-py-'));
    const body = `
from templateconfig.common import root_path, is_live
print(root_path('/etc/motd'))
print(is_live())
try:
    root_path('/etc/../../outside')
except ValueError:
    print('refused')
open(root_path('/written'), 'w').write('x')
`;
    const r = py(body, [], '', { OVM_TEMPLATE_ROOT: dir });
    expect(r.stdout.split('\n')).toEqual([`${dir}/etc/motd`, 'False', 'refused', '']);
    expect(readFileSync(join(dir, 'written'), 'utf8')).toBe('x');
    expect(py('from templateconfig.common import root_path; print(root_path("/etc"))', [], '', { OVM_TEMPLATE_ROOT: '' }).stdout).toBe('/etc\n');
  });
});
