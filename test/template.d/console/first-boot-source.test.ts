// The first-boot dialog source on its own, with scripted answers and a sink that records what
// the daemon would receive: offered only on a terminal, answers submitted once, asked again after
// a run that did not complete, closed quietly when first boot stops it.
import { describe, expect, it } from 'vitest';
import { DialogClosed, type PromptDriver } from '../../../template.d/console/driver.js';
import { firstBootDialog, type FirstBootSink } from '../../../template.d/console/first-boot-source.js';
import type { Params } from '../../../template.d/params/descriptor.js';
import { builtinConfigure, ScriptedDriver } from './scripted-driver.js';

const PW = 'com.oracle.linux.root-password';
const DHCP = ['', 'eth0', '1', '1', 'pw-1', 'pw-1', 'apply'];

/** Records submissions; `after` decides what the daemon still misses after each one. */
function sink(after: (n: number) => string[]): FirstBootSink & { submitted: Params[] } {
  const submitted: Params[] = [];
  return { submitted, missing: async () => after(submitted.length), submit: async (p) => void submitted.push(p) };
}

describe('first-boot dialog source', () => {
  it('is not offered without a terminal', () => {
    const loadModules = async () => builtinConfigure();
    expect(firstBootDialog({ loadModules, streams: { stdin: { isTTY: false }, stdout: { isTTY: true } } })).toBeUndefined();
    expect(firstBootDialog({ loadModules, streams: { stdin: { isTTY: true }, stdout: { isTTY: true } } })).toBeDefined();
  });

  it('submits the answers once and stops when first boot stops it', async () => {
    const driver = new ScriptedDriver([...DHCP]);
    const source = firstBootDialog({ loadModules: async () => builtinConfigure(), driver: () => driver })!;
    const target = sink(() => []);
    const submit = target.submit;
    target.submit = async (p) => {
      await submit(p);
      source.stop(); // the run succeeded: first boot stops every source
    };
    await source.start(target);
    expect(target.submitted).toEqual([{ 'com.oracle.linux.network.device.0': 'eth0', 'com.oracle.linux.network.onboot.0': 'yes', 'com.oracle.linux.network.bootproto.0': 'dhcp', [PW]: 'pw-1' }]);
    expect(driver.notes).toContain('Answers taken; configuring now.');
    expect(driver.left).toEqual([]);
  });

  it('asks again when the run on its answers did not complete, offering the answers given', async () => {
    // Second round: host name skipped again, interface, on boot and protocol kept, a new password.
    const driver = new ScriptedDriver([...DHCP, '', '', '', '', 'pw-2', 'pw-2', 'apply']);
    const source = firstBootDialog({ loadModules: async () => builtinConfigure(), driver: () => driver })!;
    const target = sink(() => []);
    const submit = target.submit;
    target.submit = async (p) => {
      await submit(p);
      if (target.submitted.length === 2) source.stop();
    };
    await source.start(target);
    expect(target.submitted.map((p) => p[PW])).toEqual(['pw-1', 'pw-2']);
    expect(target.submitted[1]).toEqual({ ...target.submitted[0], [PW]: 'pw-2' });
    const second = driver.asked.slice(7).map((a) => a.message).join('\n');
    expect(second).toContain('[network.device.0, Enter keeps eth0]:');
    expect(second).toContain('[root-password, Enter keeps the one already given]:');
    expect(second).not.toContain('pw-1');
    expect(driver.left).toEqual([]);
    expect(driver.notes).toContain('The configuration is not done: the run above did not succeed. The questions start again.');
  });

  it('closes quietly when stopped while a question is open', async () => {
    let stop = () => {};
    const waiting: PromptDriver = {
      text: () => new Promise((_, reject) => (stop = () => reject(new DialogClosed('the dialog was closed')))),
      secret: () => Promise.reject(new Error('not reached')),
      note: (line) => notes.push(line),
    };
    const notes: string[] = [];
    const source = firstBootDialog({ loadModules: async () => builtinConfigure(), driver: () => waiting })!;
    const target = sink(() => []);
    const running = source.start(target);
    await new Promise((r) => setImmediate(r));
    source.stop();
    stop();
    await running;
    expect(target.submitted).toEqual([]);
    expect(notes.at(-1)).toBe('The console questions are closed.');
  });
});
