// The module SDK's command runner (issue 12 item 6): a tool is found on the fixed PATH only and
// runs with a fixed environment, whatever PATH and variables the caller had. This process plays
// the caller: a fake `openssl` first on its PATH records being run.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../modules/lib/process-runner.js';

let fakes: string;
const saved = { PATH: process.env.PATH, FOO_SECRET_TEST: process.env.FOO_SECRET_TEST };

beforeEach(() => {
  fakes = mkdtempSync(join(tmpdir(), 'ovm-fake-path-'));
  for (const tool of ['openssl', 'env', 'no-such-tool-4b1']) {
    writeFileSync(join(fakes, tool), `#!/bin/sh\necho "${tool} $*" >> '${fakes}/called'\ncat > /dev/null\necho fake\n`);
    chmodSync(join(fakes, tool), 0o755);
  }
  process.env.PATH = `${fakes}:${saved.PATH}`;
  process.env.FOO_SECRET_TEST = 'caller-only-7f3a';
});

afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.FOO_SECRET_TEST === undefined) delete process.env.FOO_SECRET_TEST;
  else process.env.FOO_SECRET_TEST = saved.FOO_SECRET_TEST;
  rmSync(fakes, { recursive: true, force: true });
});

describe('runCommand', () => {
  it('runs the real tool from the fixed PATH, never one earlier on the caller PATH', async () => {
    const result = await runCommand(['openssl', 'passwd', '-6', '-salt', 'abc', '-stdin'], { input: 'plain-Canary\n' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^\$6\$abc\$/);
    expect(existsSync(join(fakes, 'called')), 'the fake openssl was run').toBe(false);
  });

  it('gives the tool a fixed environment: the fixed PATH, the C locale, nothing of the caller', async () => {
    const result = await runCommand(['env']);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['LC_ALL=C', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin']);
  });

  it('says command not found, and where it looked, for a tool only the caller PATH has', async () => {
    const result = await runCommand(['no-such-tool-4b1']);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe('no-such-tool-4b1: command not found (looked in /usr/sbin:/usr/bin:/sbin:/bin)\n');
    expect(existsSync(join(fakes, 'called'))).toBe(false);
  });
});
