// The line a question leaves once answered, in both drivers over in-memory streams: a choice
// answered by its number shows the value it stands for (as the review does), Enter alone the
// value it keeps, anything else what was typed.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askQuestion, type Asking } from '../../../template.d/console/ask-question.js';
import type { PromptDriver } from '../../../template.d/console/driver.js';
import { inquirerDriver } from '../../../template.d/console/inquirer-driver.js';
import { answeredEcho, lineDriver } from '../../../template.d/console/line-driver.js';
import { buildQuestions } from '../../../template.d/console/questions.js';
import { builtinConfigure } from './scripted-driver.js';

const N = 'com.oracle.linux.network.';
const questions = buildQuestions(builtinConfigure());
const question = (key: string) => questions.find((q) => q.key === key)!;

/** Asks one question, typing `keys` once the prompt is up; returns the value and the answer shown. */
async function answer(make: (s: { input: PassThrough; output: PassThrough }) => PromptDriver, key: string, keys: string, asking: Asking = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => {
    const first = shown === '';
    shown += c.toString();
    if (first) setTimeout(() => input.write(keys), 20);
  });
  const value = await askQuestion(question(key), make({ input, output }), asking);
  // The answer as the terminal finally shows it: escape sequences and line breaks dropped (inquirer
  // redraws and breaks long lines), Backspace applied; what follows the last prompt's "]:".
  let text = '';
  for (const ch of shown.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\r\n]/g, '')) text = ch === '\b' ? text.slice(0, -1) : text + ch;
  return { value, answered: text.slice(text.lastIndexOf(']:') + 2).trim() };
}

const DRIVERS: [string, (s: { input: PassThrough; output: PassThrough }) => PromptDriver][] = [
  ['line', (s) => lineDriver(s)],
  ['inquirer', (s) => inquirerDriver(s)],
];

describe.each(DRIVERS)('the answered line (%s driver)', (_, make) => {
  it('shows the value a choice\'s number stands for, not the number', async () => {
    const { value, answered } = await answer(make, `${N}bootproto.0`, '2\r');
    expect(value).toBe('static');
    expect(answered).toBe('static');
  });

  it('shows a choice typed by value in its declared form, and the unset entry by its label', async () => {
    expect((await answer(make, `${N}bootproto.0`, 'DHCP\r')).answered).toBe('dhcp');
    const unset = await answer(make, `${N}bootproto.0`, '4\r');
    expect(unset.value).toBe('');
    expect(unset.answered).toBe('(leave unset)');
  });

  it('shows the value Enter keeps, and a text answer as typed', async () => {
    const kept = await answer(make, `${N}device.0`, '\r', { offer: { value: 'eth0', from: 'current', hidden: false } });
    expect(kept.answered).toBe('eth0');
    expect((await answer(make, `${N}device.0`, 'ens3\r')).answered).toBe('ens3');
  });
});

it('the line driver replaces the echo with Backspaces only when the shown text differs', () => {
  const shown = (t: string) => (t === '2' ? 'static' : t);
  expect(answeredEcho('2', shown)).toBe('\b \bstatic');
  expect(answeredEcho('eth0', shown)).toBe('');
});
