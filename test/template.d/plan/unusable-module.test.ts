// A module that cannot say which keys it takes (its --enumerate fails or prints something that is
// not a descriptor list, or it cannot start) cannot have its part of the batch checked. Before
// issue 13's fix the others were applied around it, so a bad value for it went through half done;
// now the whole batch is refused before any change, a dry run says the same, and an answer that
// went missing once (exit 0, nothing printed) is asked for again instead of refusing.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addModule } from '../../../template.d/chkconfig/engine.js';
import { enumerateTarget } from '../../../template.d/runner/enumerate.js';
import { runTarget } from '../../../template.d/runner/run-target.js';
import { FIXTURES } from '../helpers/scratch-root.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

const scripts = () => join(root, 'etc/template.d/scripts');

/** A scratch root with the named fixture modules installed and on. */
function farm(modules: string[]): void {
  root = mkdtempSync(join(tmpdir(), 'ovm-unusable-'));
  mkdirSync(scripts(), { recursive: true });
  for (const m of modules) {
    cpSync(join(FIXTURES, m), join(scripts(), m));
    addModule(root, m);
  }
}

/** A module written here: `enumerate` is the shell its --enumerate branch runs. */
function writeModule(name: string, priority: number, enumerate: string): void {
  const body = [
    '#!/bin/sh',
    '### BEGIN PLUGIN INFO',
    `# name: ${name}`,
    `# configure: ${priority}`,
    `# description: test module ${name}`,
    '### END PLUGIN INFO',
    `case "$2" in -e|--enumerate) ${enumerate}; exit 0 ;; esac`,
    `touch "$OVM_TEMPLATE_ROOT/${name}.ran"`,
    'cat',
    '',
  ].join('\n');
  writeFileSync(join(scripts(), name), body);
  chmodSync(join(scripts(), name), 0o755);
  addModule(root, name);
}

const params = { 'com.example.echo.word': 'hello' };

describe('a module that cannot say which keys it takes refuses the whole batch', () => {
  it('an invalid descriptor list: nothing runs, the reason names the module and what it printed', async () => {
    farm(['echo', 'shellmod', 'badenum', 'motd']);
    const report = await runTarget({ root, target: 'configure', params });
    expect(report.status).toBe('invalid');
    expect(report.errors).toEqual([
      { key: null, module: 'badenum', reason: 'cannot take part: --enumerate printed an invalid descriptor list (at /0: must have required property \'key\'): [{"description": "no key here"}]' },
    ]);
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['echo', 'not run'], ['shellmod', 'not run'], ['badenum', 'failed'], ['motd', 'not run']]);
    for (const changed of ['etc/echo', 'var/lib/shellmod.log', 'etc/motd']) expect(existsSync(join(root, changed)), changed).toBe(false);
    const log = readFileSync(join(root, 'var/log/ovm-template-config.log'), 'utf8');
    expect(log).toMatch(/configure: run refused before any change \(1 reason\)/);
    expect(log).toMatch(/configure 35badenum: refused: cannot take part: --enumerate printed an invalid descriptor list/);
  });

  it('a dry run predicts it: the same reason, status invalid', async () => {
    farm(['echo', 'badenum']);
    const report = await runTarget({ root, target: 'configure', params, dryRun: true });
    expect(report.status).toBe('invalid');
    expect(report.errors.map((e) => [e.module, e.reason.split(':')[0]])).toEqual([['badenum', 'cannot take part']]);
    expect(report.modules.find((m) => m.name === 'echo')!.status).toBe('planned');
  });

  it('an --enumerate that exits 1: the reason carries its last error line', async () => {
    farm(['motd']);
    writeModule('crasher', 20, 'echo "crasher: no config file" >&2; exit 1');
    const report = await runTarget({ root, target: 'configure', params: {} });
    expect(report.status).toBe('invalid');
    expect(report.errors).toEqual([{ key: null, module: 'crasher', reason: 'cannot take part: --enumerate exited with status 1: crasher: no config file' }]);
    expect(existsSync(join(root, 'etc/motd'))).toBe(false);
  });

  it('an answer that is empty twice is "printed nothing", and asking again is the only retry', async () => {
    farm(['motd']);
    writeModule('mute', 20, 'echo asked >> "$OVM_TEMPLATE_ROOT/mute.asked"');
    const report = await runTarget({ root, target: 'configure', params: {} });
    expect(report.errors).toEqual([{ key: null, module: 'mute', reason: 'cannot take part: --enumerate printed nothing (it exited with status 0)' }]);
    expect(readFileSync(join(root, 'mute.asked'), 'utf8')).toBe('asked\nasked\n');
    expect(existsSync(join(root, 'mute.ran'))).toBe(false);
  });
});

describe('an answer that went missing once', () => {
  it('is asked for again: the run goes on with the second answer and says so', async () => {
    farm(['hiccup', 'shellmod']);
    const report = await runTarget({ root, target: 'configure', params: { 'com.example.hiccup.word': 'x' } });
    expect(report.status).toBe('ok');
    expect(report.warnings).toEqual(['module hiccup: --enumerate printed nothing (it exited with status 0); asked again, and its second answer was used']);
    expect(report.modules.map((m) => [m.name, m.status])).toEqual([['shellmod', 'ok'], ['hiccup', 'ok']]);
  });

  it('a listing uses the second answer too', async () => {
    farm(['hiccup']);
    const [entry] = await enumerateTarget({ root, target: 'configure' });
    expect(entry).toMatchObject({ name: 'hiccup', askedAgain: '--enumerate printed nothing (it exited with status 0)' });
    expect(entry!.descriptors.map((d) => d.key)).toEqual(['com.example.hiccup.word']);
    expect(entry!.error).toBeUndefined();
  });
});
