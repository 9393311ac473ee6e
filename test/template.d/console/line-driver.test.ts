// The plain line driver on its own, over in-memory streams: what is echoed, what is erased,
// what is ignored, how a refused answer is re-asked, and that a secret is never echoed.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DialogClosed } from '../../../template.d/console/driver.js';
import { classify, lineDriver, wantsPlainTerminal } from '../../../template.d/console/line-driver.js';

function streams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString()));
  return { input, output, shown: () => shown };
}

/** Feeds keys once the driver has printed its question (it listens before printing). */
function typeAfterPrompt(input: PassThrough, output: PassThrough, ...chunks: string[]): void {
  output.once('data', () => setImmediate(() => chunks.forEach((c) => input.write(c))));
}

describe('line driver', () => {
  it('echoes typed text, erases with Backspace and Ctrl-U, and ignores arrow keys', async () => {
    const s = streams();
    const driver = lineDriver(s);
    typeAfterPrompt(s.input, s.output, 'ethX', '\u007f', '0', '\u001b[A', '\r');
    expect(await driver.text('Interface:', () => undefined)).toBe('eth0');
    expect(s.shown()).toBe('? Interface: ethX\b \b0\r\n');
    typeAfterPrompt(s.input, s.output, 'wrong', '\u0015', 'right\n');
    expect(await driver.text('Again:', () => undefined)).toBe('right');
    expect(s.shown()).toContain('wrong' + '\b \b'.repeat(5) + 'right');
  });

  it('shows the value Enter takes on the answered line, and nothing extra when something was typed', async () => {
    const s = streams();
    const driver = lineDriver(s);
    const keepEth0 = (typed: string) => (typed.trim() === '' ? 'eth0' : typed);
    typeAfterPrompt(s.input, s.output, '\r');
    expect(await driver.text('Interface [Enter keeps eth0 (current)]:', () => undefined, keepEth0)).toBe('');
    typeAfterPrompt(s.input, s.output, 'ens3\r');
    expect(await driver.text('Interface [Enter keeps eth0 (current)]:', () => undefined, keepEth0)).toBe('ens3');
    expect(s.shown()).toBe('? Interface [Enter keeps eth0 (current)]: eth0\r\n? Interface [Enter keeps eth0 (current)]: ens3\r\n');
  });

  it('keeps what was typed or pasted ahead for the next questions, a secret still not echoed', async () => {
    const s = streams();
    const driver = lineDriver(s);
    typeAfterPrompt(s.input, s.output, 'eth0\rpa55-ahead\rpa55-ahead\r');
    expect(await driver.text('Interface:', () => undefined)).toBe('eth0');
    expect(await driver.secret('Password:', () => undefined)).toBe('pa55-ahead');
    expect(await driver.secret('Again:', () => undefined)).toBe('pa55-ahead');
    expect(s.shown()).toBe('? Interface: eth0\r\n? Password: (typing is not shown) \r\n? Again: (typing is not shown) \r\n');
  });

  it('never echoes a secret, and re-asks with the reason when an answer is refused', async () => {
    const s = streams();
    const driver = lineDriver(s);
    const answers = ['', 'pa55-word-x'];
    const feed = () => typeAfterPrompt(s.input, s.output, `${answers.shift()}\r`);
    feed();
    s.output.on('data', (c: Buffer) => c.toString().startsWith('  !') && feed());
    const value = await driver.secret('Password:', (v) => (v === '' ? 'A value is required' : undefined));
    expect(value).toBe('pa55-word-x');
    expect(s.shown()).not.toContain('pa55');
    expect(s.shown()).toContain('  ! A value is required\n');
    expect(s.shown().match(/\? Password: \(typing is not shown\)/g)).toHaveLength(2);
  });

  it('ends with DialogClosed when the terminal closes its input (a hang-up)', async () => {
    const s = streams();
    s.output.once('data', () => setImmediate(() => s.input.end('half')));
    await expect(lineDriver(s).text('Q:', () => undefined)).rejects.toThrow(/the terminal was closed \(end of input\)/);
  });

  it('ends with DialogClosed on Ctrl-C and when its signal is aborted', async () => {
    const s = streams();
    typeAfterPrompt(s.input, s.output, 'abc\u0003');
    await expect(lineDriver(s).text('Q:', () => undefined)).rejects.toThrow(/interrupted \(Ctrl-C\)/);
    const controller = new AbortController();
    const pending = lineDriver({ ...s, signal: controller.signal }).text('Q:', () => undefined);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(DialogClosed);
  });

  it('is chosen for TERM=dumb or no TERM, not for real terminal types', () => {
    expect(wantsPlainTerminal({})).toBe(true);
    expect(wantsPlainTerminal({ TERM: 'dumb' })).toBe(true);
    // A serial /dev/console gets TERM=vt220 from systemd; inquirer's cursor moves are not VT220's.
    expect(wantsPlainTerminal({ TERM: 'vt220' })).toBe(true);
    expect(wantsPlainTerminal({ TERM: 'vt100' })).toBe(true);
    expect(wantsPlainTerminal({ TERM: 'xterm-256color' })).toBe(false);
    expect(wantsPlainTerminal({ TERM: 'screen' })).toBe(false);
    expect(wantsPlainTerminal({ TERM: 'linux' })).toBe(false);
    expect(classify('\u0007')).toEqual({ kind: 'ignore' });
    expect(classify('é')).toEqual({ kind: 'char', ch: 'é' });
  });
});
