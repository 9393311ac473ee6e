import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLog } from '../../../ovmd/daemon/log.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

describe('daemon log levels', () => {
  it('level 0 prints nothing; level 1 prints to stderr with secrets masked', () => {
    const quiet = capture();
    createLog({ level: 0, secrets: () => [], stderr: quiet.stream }).info('hello');
    expect(quiet.text()).toBe('');
    const loud = capture();
    const log = createLog({ level: 1, secrets: () => ['Sekr1t-pw'], stderr: loud.stream });
    log.warn('module said Sekr1t-pw is weak');
    expect(loud.text()).toMatch(/warning: module said \*\*\* is weak\n$/);
    expect(loud.text()).not.toContain('Sekr1t-pw');
  });

  it('level 2 without a syslog socket falls back to stderr and says so once', () => {
    const out = capture();
    const log = createLog({ level: 2, secrets: () => [], stderr: out.stream, syslogSocket: '/nonexistent/dev-log' });
    log.info('one');
    log.info('two');
    expect(out.text().match(/no syslog socket/g)).toHaveLength(1);
    expect(out.text()).toMatch(/one\n.*two\n$/);
  });

  it('level 2 feeds the logger from the fixed PATH, never one first on the caller PATH', async () => {
    const fakes = mkdtempSync(join(tmpdir(), 'ovm-fake-logger-'));
    const saved = process.env.PATH;
    try {
      writeFileSync(join(fakes, 'logger'), `#!/bin/sh\ncat > '${fakes}/captured'\n`);
      chmodSync(join(fakes, 'logger'), 0o755);
      writeFileSync(join(fakes, 'dev-log'), '');
      process.env.PATH = `${fakes}:${saved}`;
      const out = capture();
      const log = createLog({ level: 2, secrets: () => [], stderr: out.stream, syslogSocket: join(fakes, 'dev-log') });
      log.info('a line for syslog');
      await sleep(500);
      log.close();
      await sleep(200);
      expect(existsSync(join(fakes, 'captured')), 'the fake logger was run').toBe(false);
      expect(out.text()).toBe('');
    } finally {
      process.env.PATH = saved;
      rmSync(fakes, { recursive: true, force: true });
    }
  });
});

describe('daemon log masking, by the runner\'s rule', () => {
  const lineOf = (secrets: string[], message: string) => {
    const out = capture();
    createLog({ level: 1, secrets: () => secrets, stderr: out.stream }).info(message);
    return out.text().replace(/^\S+ ovmd\[\d+\] /, '').trimEnd();
  };

  it('masks a long secret even inside a longer token', () => {
    expect(lineOf(['Sekr1t-pw'], 'url=https://u:Sekr1t-pw@host/x and xSekr1t-pwx')).toBe('url=https://u:***@host/x and x***x');
  });

  it('masks a short secret as a whole word but leaves words that merely contain it', () => {
    expect(lineOf(['ab'], 'password ab set; about tab lab abab kept; (ab) "ab"')).toBe('password *** set; about tab lab abab kept; (***) "***"');
  });

  it('masks the longer of two overlapping secrets whole, not half of it', () => {
    expect(lineOf(['pass', 'pass-phrase-9'], 'got pass-phrase-9 and pass')).toBe('got *** and ***');
  });
});
