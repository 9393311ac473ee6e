// The dialog's logic over the real built-in modules' descriptors: which questions exist, in
// which order, which are skipped by depends/requires, how answers are checked, and how secrets
// are asked twice. Answers come from a script, so this runs without a terminal.
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../template.d/console/check-answer.js';
import type { Advisor } from '../../../template.d/console/advisor.js';
import { promptText } from '../../../template.d/console/ask-question.js';
import { UNSET_LABEL } from '../../../template.d/console/choice.js';
import { runDialog } from '../../../template.d/console/dialog.js';
import { buildQuestions, isAsked, shortKey } from '../../../template.d/console/questions.js';
import { validateParamSet } from '../../../template.d/params/validate-set.js';
import { builtinConfigure, ScriptedDriver } from './scripted-driver.js';

const N = 'com.oracle.linux.network.';
const PW = 'com.oracle.linux.root-password';
const modules = builtinConfigure();
const questions = buildQuestions(modules);

function question(key: string) {
  const found = questions.find((q) => q.key === key);
  if (!found) throw new Error(`no question for ${key}`);
  return found;
}

describe('questions from the descriptors', () => {
  it('asks every visible key of the enabled modules once, in module priority order, never a hidden one', () => {
    expect(questions.map((q) => shortKey(q.key))).toEqual([
      'network.hostname',
      'network.device.0',
      'network.onboot.0',
      'network.bootproto.0',
      'network.ipaddr.0',
      'network.netmask.0',
      'network.gateway.0',
      'network.dns-servers.0',
      'root-password',
    ]);
    const hidden = modules.flatMap((m) => m.descriptors).filter((d) => d.hidden).map((d) => d.key);
    expect(hidden.length).toBeGreaterThan(20);
    for (const key of hidden) expect(questions.some((q) => q.key === key)).toBe(false);
  });

  it('turns choices into a selection and password into a secret, required from the descriptor', () => {
    expect(question(`${N}bootproto.0`)).toMatchObject({ kind: 'choice', choices: ['dhcp', 'static', 'none'], required: false });
    expect(question(PW)).toMatchObject({ kind: 'secret', required: true, module: 'authentication' });
    expect(question(`${N}hostname`)).toMatchObject({ kind: 'text', required: false, module: 'network' });
    expect(promptText(question(PW))).toBe('Password for the root account (a crypt hash such as $6$... is also accepted) [root-password, required]:');
    expect(promptText(question(`${N}bootproto.0`))).toMatch(/\[network\.bootproto\.0, a number or a value, Enter to skip\]:$/);
    expect(promptText(question(`${N}ipaddr.0`))).toMatch(/\[network\.ipaddr\.0, Enter to skip\]:$/);
  });

  it('asks the static address questions only after bootproto static (or none)', () => {
    const ipaddr = question(`${N}ipaddr.0`);
    expect(isAsked(ipaddr, {})).toBe(false);
    expect(isAsked(ipaddr, { [`${N}bootproto.0`]: 'dhcp' })).toBe(false);
    expect(isAsked(ipaddr, { [`${N}bootproto.0`]: 'static' })).toBe(true);
    expect(isAsked(ipaddr, { [`${N}bootproto.0`]: 'none' })).toBe(true);
    expect(isAsked(question(`${N}bootproto.0`), {})).toBe(false);
    expect(isAsked(question(`${N}bootproto.0`), { [`${N}device.0`]: 'eth0' })).toBe(true);
  });

  it('merges a key declared by two modules: asked once, checked against both', () => {
    const merged = buildQuestions([
      { name: 'a', descriptors: [{ key: 'k', description: 'Shared', format: 'ipv4' }] },
      { name: 'b', descriptors: [{ key: 'k', hidden: true, required: true, choices: ['10.0.0.1', '10.0.0.2'] }] },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ module: 'a', required: true, kind: 'text' });
    expect(checkAnswer(merged[0]!, '10.0.0.3')).toMatch(/module "b" accepts only 10\.0\.0\.1, 10\.0\.0\.2/);
    expect(checkAnswer(merged[0]!, '10.0.0.2')).toBeUndefined();
  });
});

describe('checking an answer as the runner will', () => {
  it('refuses a malformed value with the format\'s explanation', () => {
    expect(checkAnswer(question(`${N}ipaddr.0`), '192.0.2.300')).toMatch(/"192\.0\.2\.300" is not an IPv4 address; expected an IPv4 address, e\.g\./);
    expect(checkAnswer(question(`${N}netmask.0`), '255.0.255.0')).toMatch(/not a contiguous netmask/);
    expect(checkAnswer(question(`${N}hostname`), 'bad_host')).toMatch(/invalid label/);
    expect(checkAnswer(question(`${N}dns-servers.0`), '192.0.2.53,,192.0.2.54')).toMatch(/empty item/);
    expect(checkAnswer(question(`${N}ipaddr.0`), '192.0.2.10')).toBeUndefined();
  });

  it('lets an optional question be skipped and insists on a required one', () => {
    expect(checkAnswer(question(`${N}hostname`), '')).toBeUndefined();
    expect(checkAnswer(question(PW), '')).toMatch(/A value is required: module "authentication" cannot run without it/);
  });

  it('refuses control characters', () => {
    expect(checkAnswer(question(`${N}device.0`), 'eth0\u001b[A')).toMatch(/control character/);
  });
});

describe('the dialog', () => {
  const STATIC_SCRIPT = ['vm1.example.com', 'eth0', '1', '2', '192.0.2.300', '192.0.2.30', '255.255.255.0', '192.0.2.1', '192.0.2.53', 'pw-One1', 'pw-One1', 'apply'];

  it('collects a full static answer set, re-asking a wrong address, and the set passes validation', async () => {
    const driver = new ScriptedDriver([...STATIC_SCRIPT]);
    const answers = await runDialog(questions, driver);
    expect(answers).toEqual({
      [`${N}hostname`]: 'vm1.example.com',
      [`${N}device.0`]: 'eth0',
      [`${N}onboot.0`]: 'yes',
      [`${N}bootproto.0`]: 'static',
      [`${N}ipaddr.0`]: '192.0.2.30',
      [`${N}netmask.0`]: '255.255.255.0',
      [`${N}gateway.0`]: '192.0.2.1',
      [`${N}dns-servers.0`]: '192.0.2.53',
      [PW]: 'pw-One1',
    });
    expect(driver.refusals).toHaveLength(1);
    expect(driver.refusals[0]).toMatch(/192\.0\.2\.300/);
    expect(driver.left).toEqual([]);
    expect(validateParamSet(modules, answers)).toEqual([]);
  });

  it('takes a choice by its value as well as by its number, in any letter case, and says how when neither fits', async () => {
    const driver = new ScriptedDriver(['', 'eth0', 'YES', 'dhcpx', '9', 'static', '192.0.2.5', '24', '', '', 'pw-V', 'pw-V', 'apply']);
    const answers = await runDialog(questions, driver);
    expect(answers).toMatchObject({ [`${N}onboot.0`]: 'yes', [`${N}bootproto.0`]: 'static' });
    expect(driver.refusals).toEqual(['type a number from 1 to 4, or one of: dhcp, static, none', 'type a number from 1 to 4, or one of: dhcp, static, none']);
    expect(driver.notes).toContain('  1) dhcp   2) static   3) none   4) (leave unset)');
  });

  it('skips the static questions after a DHCP answer', async () => {
    const driver = new ScriptedDriver(['', 'eth0', '1', '1', 'pw-Two2', 'pw-Two2', 'apply']);
    const answers = await runDialog(questions, driver);
    expect(answers).toEqual({ [`${N}device.0`]: 'eth0', [`${N}onboot.0`]: 'yes', [`${N}bootproto.0`]: 'dhcp', [PW]: 'pw-Two2' });
    expect(driver.asked.map((a) => a.message).join('\n')).not.toMatch(/ipaddr|netmask|gateway|dns-servers/);
  });

  it('skips every interface question when no device is given', async () => {
    const driver = new ScriptedDriver(['', '', 'pw-3', 'pw-3', 'apply']);
    expect(await runDialog(questions, driver)).toEqual({ [PW]: 'pw-3' });
    expect(driver.asked).toHaveLength(5);
  });

  it('lets Enter leave an optional choice unset, as any optional question ("leave unset" is also listed)', async () => {
    const driver = new ScriptedDriver(['', 'eth0', '', '4', 'pw-4', 'pw-4', 'apply']);
    const answers = await runDialog(questions, driver);
    expect(driver.notes).toContain(`  1) yes   2) no   3) ${UNSET_LABEL}`);
    expect(answers).toEqual({ [`${N}device.0`]: 'eth0', [PW]: 'pw-4' });
    expect(driver.refusals).toEqual([]);
  });

  it('asks the password twice and again from the start when the two entries differ', async () => {
    const driver = new ScriptedDriver(['', '', '', 'first-A', 'first-B', 'second-C', 'second-C', 'apply']);
    const answers = await runDialog(questions, driver);
    expect(answers[PW]).toBe('second-C');
    expect(driver.refusals).toEqual([expect.stringMatching(/A value is required/)]);
    expect(driver.notes).toContain('The two entries differ; please type the password again.');
    expect(driver.asked.filter((a) => a.kind === 'secret')).toHaveLength(4);
  });

  it('never quotes a secret in a refusal', () => {
    const secret = buildQuestions([{ name: 'm', descriptors: [{ key: 's', password: true, format: 'ipv4' }] }])[0]!;
    const message = checkAnswer(secret, 'hunter2-secret');
    expect(message).toBe('the value is not an IPv4 address');
  });

  it('keeps a password exactly as typed, blanks included', async () => {
    const driver = new ScriptedDriver(['', '', ' spaced pw ', ' spaced pw ', 'apply']);
    expect((await runDialog(questions, driver))[PW]).toBe(' spaced pw ');
  });
});

/** An advisor with fixed current values; `needs` names the keys a module cannot do without. */
function advisor(current: Record<string, string>, needs: Record<string, string> = {}, refuse: (p: Record<string, string>) => string[] = () => []): Advisor & { checked: Record<string, string>[] } {
  const checked: Record<string, string>[] = [];
  return {
    checked,
    current: async () => current,
    needed: async (q) => needs[q.key],
    refusals: async (p) => (checked.push(p), refuse(p)),
  };
}

describe('defaults, required follow-ups and the review', () => {
  const SYSTEM = { [`${N}hostname`]: 'tmpl.example.com', [`${N}device.0`]: 'eth0', [`${N}onboot.0`]: 'yes', [`${N}bootproto.0`]: 'dhcp' };

  it('offers the root\'s current values: Enter takes each one, and they count for the follow-ups', async () => {
    const driver = new ScriptedDriver(['', '', '', '', 'pw-D', 'pw-D', 'apply']);
    const answers = await runDialog(questions, driver, { advisor: advisor(SYSTEM) });
    expect(answers).toEqual({ ...SYSTEM, [PW]: 'pw-D' });
    const messages = driver.asked.map((a) => a.message);
    expect(messages[0]).toMatch(/\[network\.hostname, Enter keeps tmpl\.example\.com \(current\)\]:$/);
    expect(messages[3]).toMatch(/\[network\.bootproto\.0, a number or a value, Enter keeps dhcp \(current\)\]:$/);
  });

  it('does not let a follow-up that the module needs be skipped, and says why', async () => {
    const needs = { [`${N}ipaddr.0`]: 'is required when com.oracle.linux.network.bootproto.0 is static' };
    const driver = new ScriptedDriver(['', '', '', 'static', '', '192.0.2.7', '24', '', '', 'pw-F', 'pw-F', 'apply']);
    const answers = await runDialog(questions, driver, { advisor: advisor(SYSTEM, needs) });
    expect(answers[`${N}ipaddr.0`]).toBe('192.0.2.7');
    expect(driver.asked.find((a) => a.message.includes('network.ipaddr.0'))!.message).toMatch(/\[network\.ipaddr\.0, required\]:$/);
    expect(driver.refusals).toEqual(['This one cannot be skipped: network.ipaddr.0 is required when network.bootproto.0 is static.']);
  });

  it('shows every answer on the review, the password masked, and changes one: new follow-ups asked, stale ones dropped', async () => {
    const driver = new ScriptedDriver([
      'typo.example.com', 'eth0', '1', 'static', '192.0.2.8', '24', '', '', 'pw-Secret9', 'pw-Secret9',
      '1', 'vm9.example.com', // change the host name
      '4', 'dhcp', // switch to DHCP: the address questions go away
      'apply',
    ]);
    const answers = await runDialog(questions, driver);
    expect(answers).toEqual({ [`${N}hostname`]: 'vm9.example.com', [`${N}device.0`]: 'eth0', [`${N}onboot.0`]: 'yes', [`${N}bootproto.0`]: 'dhcp', [PW]: 'pw-Secret9' });
    const reviews = driver.notes.join('\n').split('Review the answers (nothing has been changed yet):');
    expect(reviews).toHaveLength(4);
    expect(reviews[1]).toMatch(/^ +1\) network\.hostname +typo\.example\.com$/m);
    expect(reviews[1]).toMatch(/^ +9\) root-password +\*{8} \(not shown\)$/m);
    expect(reviews[3]).toMatch(/^ +5\) root-password/m);
    expect(driver.notes.join('\n')).not.toContain('pw-Secret9');
    expect(driver.asked.find((a) => a.message.includes('Enter keeps typo.example.com'))).toBeDefined();
    expect(driver.left).toEqual([]);
  });

  it('refuses nonsense on the review and ends the dialog on quit', async () => {
    const driver = new ScriptedDriver(['', '', 'pw-Q', 'pw-Q', 'yes please', '7', 'quit']);
    await expect(runDialog(questions, driver)).rejects.toThrow(/you quit at the review/);
    expect(driver.refusals).toEqual(['type apply or quit, or a number from 1 to 3 to change that answer', 'type apply or quit, or a number from 1 to 3 to change that answer']);
  });

  it('applies nothing the modules refuse: every reason is shown and the review comes back', async () => {
    const refuse = (p: Record<string, string>) => (p[`${N}gateway.0`] === '198.51.100.1' ? ['com.oracle.linux.network.gateway.0: 198.51.100.1 is not on the network (module "network")', 'a second reason (module "x")'] : []);
    const check = advisor({}, {}, refuse);
    const driver = new ScriptedDriver(['', 'eth0', '', 'static', '192.0.2.9', '24', '198.51.100.1', '', 'pw-R', 'pw-R', 'apply', '7', '192.0.2.1', 'apply']);
    const answers = await runDialog(questions, driver, { advisor: check });
    expect(answers[`${N}gateway.0`]).toBe('192.0.2.1');
    expect(check.checked).toHaveLength(2);
    expect(driver.notes).toContain('The modules refuse these answers (2 reasons); nothing was changed:');
    expect(driver.notes).toContain('  ! com.oracle.linux.network.gateway.0: 198.51.100.1 is not on the network (module "network")');
    expect(driver.notes).toContain('  ! a second reason (module "x")');
  });
});

describe('values given by an earlier source (--ovf-transport-iso, --input FD)', () => {
  const preset = { [`${N}hostname`]: 'ovf.example.com', [`${N}device.0`]: 'eth0', [`${N}bootproto.0`]: 'static', [PW]: 'from-ovf-pw' };

  it('offers them: Enter keeps each one (a required secret too, never shown), and follow-ups apply', async () => {
    // hostname, device, onboot (no preset), bootproto kept, then the static questions it implies.
    const driver = new ScriptedDriver(['', '', '1', '', '192.0.2.9', '24', '', '', '', 'apply']);
    const answers = await runDialog(questions, driver, { preset, advisor: advisor({ [`${N}hostname`]: 'system.example.com' }) });
    expect(answers).toEqual({ [`${N}onboot.0`]: 'yes', [`${N}ipaddr.0`]: '192.0.2.9', [`${N}netmask.0`]: '24' });
    const messages = driver.asked.map((a) => a.message);
    expect(messages[0]).toMatch(/\[network\.hostname, Enter keeps ovf\.example\.com\]:$/);
    expect(messages[3]).toMatch(/\[network\.bootproto\.0, a number or a value, Enter keeps static\]:$/);
    expect(driver.notes).toContain('  1) dhcp   2) static   3) none');
    expect(messages[8]).toMatch(/\[root-password, Enter keeps the one already given\]:$/);
    expect([...messages, ...driver.notes].join('\n')).not.toContain('from-ovf-pw');
    expect(driver.asked.filter((a) => a.kind === 'secret')).toHaveLength(1);
    expect(driver.refusals).toEqual([]);
    expect(driver.left).toEqual([]);
  });

  it('lets an answer replace a given value, checked as usual', async () => {
    const driver = new ScriptedDriver(['bad_host', 'new.example.com', '', '', '1', 'pw-New5', 'pw-New5', 'apply']);
    const answers = await runDialog(questions, driver, { preset: { ...preset, [`${N}onboot.0`]: 'yes' } });
    expect(answers).toEqual({ [`${N}hostname`]: 'new.example.com', [`${N}bootproto.0`]: 'dhcp', [PW]: 'pw-New5' });
    expect(driver.refusals).toEqual([expect.stringMatching(/invalid label/)]);
  });

  it('never shows a given value that its source marked secret', async () => {
    const driver = new ScriptedDriver(['', '', '', '', '', '', '', '', '', 'apply']);
    const all = { ...preset, [`${N}onboot.0`]: 'yes', [`${N}ipaddr.0`]: '192.0.2.77', [`${N}netmask.0`]: '24' };
    await runDialog(questions, driver, { preset: all, hidden: [`${N}hostname`, `${N}bootproto.0`] });
    const shown = [...driver.asked.map((a) => a.message), ...driver.notes].join('\n');
    expect(shown).toMatch(/\[network\.hostname, Enter keeps the value already given\]:/);
    expect(shown).toMatch(/\[network\.bootproto\.0, a number or a value, Enter keeps the value already given\]:/);
    expect(shown).not.toContain('ovf.example.com');
    expect(shown).not.toContain('Enter keeps static');
    expect(shown).toMatch(/^ +1\) network\.hostname +\*{8} \(not shown\)$/m);
    expect(shown).toContain('Enter keeps 192.0.2.77');
  });

  it('decides depends/requires with hidden keys set before the dialog', async () => {
    const custom = buildQuestions([
      { name: 'm', descriptors: [{ key: 'mode', hidden: true }, { key: 'extra', description: 'Extra setting', requires: ['mode', ['advanced']] }] },
    ]);
    expect(custom.map((q) => q.key)).toEqual(['extra']);
    const without = new ScriptedDriver(['apply']);
    expect(await runDialog(custom, without, { preset: { mode: 'basic' } })).toEqual({});
    expect(without.asked.map((a) => a.message)).toEqual(['Apply these answers? [apply, quit]:']);
    const withIt = new ScriptedDriver(['on', 'apply']);
    expect(await runDialog(custom, withIt, { preset: { mode: 'advanced' } })).toEqual({ extra: 'on' });
  });
});
