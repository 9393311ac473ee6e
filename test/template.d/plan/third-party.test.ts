// Plan-then-apply with third-party modules, through the runner as a library: a module that can
// plan (`# dry-run: yes`) is planned as a process; its refusal, or a plan that fails, refuses the
// whole batch; a module that cannot plan (no dry-run) runs only after every plan came back clean,
// so it never runs for a refused batch, even when its priority comes first. Modules planned in
// the runner's process (like the built-ins) may be planned early, side by side, but never on a
// set that an earlier plan changed.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addModule } from '../../../template.d/chkconfig/engine.js';
import { runTarget } from '../../../template.d/runner/run-target.js';
import { FIXTURES } from '../helpers/scratch-root.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** motd (60, no dry-run) before planner (70, dry-run). */
function farm(): string {
  root = mkdtempSync(join(tmpdir(), 'ovm-plan-'));
  mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
  for (const m of ['motd', 'planner']) {
    cpSync(join(FIXTURES, m), join(root, 'etc/template.d/scripts', m));
    addModule(root, m);
  }
  return root;
}

const run = (value: string) => runTarget({ root, target: 'configure', params: { 'com.example.planner.value': value } });

describe('plan-then-apply with third-party modules', () => {
  it('a refusal in a plan refuses the batch: the no-plan module before it does not run either', async () => {
    farm();
    const report = await run('bad');
    expect(report.status).toBe('invalid');
    expect(report.errors).toEqual([{ key: 'com.example.planner.value', module: 'planner', reason: 'bad is not a value this module takes' }]);
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['motd', 'not run'], ['planner', 'not run']]);
    expect(existsSync(join(root, 'etc/motd'))).toBe(false);
    expect(existsSync(join(root, 'etc/planner'))).toBe(false);
    expect(readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8')).toMatch(/configure 70planner: refused: com\.example\.planner\.value: bad is not/);
  });

  it('a plan that fails for another reason refuses the batch too, with no key', async () => {
    farm();
    const report = await run('crash');
    expect(report.status).toBe('invalid');
    expect(report.errors).toEqual([{ key: null, module: 'planner', reason: 'exited with status 1: planner: something broke while planning' }]);
    expect(existsSync(join(root, 'etc/motd'))).toBe(false);
  });

  it('a clean plan is applied: both modules run, in priority order', async () => {
    farm();
    const report = await run('good');
    expect(report.status).toBe('ok');
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['motd', 'ok'], ['planner', 'ok']]);
    expect(readFileSync(join(root, 'etc/planner'), 'utf8')).toBe('ran\n');
    expect(existsSync(join(root, 'etc/motd'))).toBe(true);
  });

  it('a module planned early on a set that an earlier plan then changed is planned again on the new set', async () => {
    root = mkdtempSync(join(tmpdir(), 'ovm-plan-'));
    mkdirSync(join(root, 'etc/template.d/scripts'), { recursive: true });
    for (const m of ['adder', 'seer']) {
      cpSync(join(FIXTURES, m), join(root, 'etc/template.d/scripts', m));
      addModule(root, m);
    }
    const dry = await runTarget({ root, target: 'configure', params: {}, dryRun: true });
    expect(dry.errors).toEqual([]);
    expect(dry.modules.map((m) => [m.name, m.status])).toEqual([['adder', 'planned'], ['seer', 'planned']]);
    const real = await runTarget({ root, target: 'configure', params: {} });
    expect(real.status).toBe('ok');
    expect(real.params).toEqual({ 'com.example.added': 'yes' });
  });

  it('a run stopped while planning is interrupted, not refused: nothing applied, the log says so', async () => {
    farm();
    const stop = new AbortController();
    setTimeout(() => stop.abort('SIGTERM'), 500); // while planner plans (5 s)
    const report = await runTarget({ root, target: 'configure', params: { 'com.example.planner.value': 'slow' }, signal: stop.signal });
    expect(report.status).toBe('interrupted');
    expect(report.errors).toEqual([]);
    expect(existsSync(join(root, 'etc/motd'))).toBe(false);
    expect(readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8')).toMatch(/run interrupted by SIGTERM/);
  });
});
