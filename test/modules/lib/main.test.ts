// The protocol adapter, driven through the real protocol: a tiny module is bundled like the
// built-in ones and run as a process against a scratch root.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupRoots, makeRoot, snapshotTree } from '../../helpers/roots.js';
import { bundleDir, bundleModule, callModule } from './bundle.js';
import probe from './fixtures/probe-module.js';
import { checkDryRun } from '../../../template.d/params/schemas.js';

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;
let script: string;

beforeAll(async () => {
  dir = bundleDir();
  script = await bundleModule(join(here, 'fixtures/probe-module.ts'), probe, dir);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanupRoots();
});

describe('enumerate', () => {
  it('prints the target descriptors as JSON', async () => {
    const r = await callModule(script, ['configure', '-e'], makeRoot('el8'));
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(probe.parameters.configure);
    const long = await callModule(script, ['configure', '--enumerate'], makeRoot('el8'));
    expect(JSON.parse(long.stdout)).toEqual(probe.parameters.configure);
  });

  it('prints [] for a target with a priority and no descriptors', async () => {
    const r = await callModule(script, ['cleanup', '-e'], makeRoot('el8'));
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('refuses an undeclared or unknown target as a usage error (exit 2) and says which targets exist', async () => {
    for (const target of ['shutdown', 'bogus']) {
      const r = await callModule(script, [target, '-e'], makeRoot('el8'));
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`has no target "${target}"`);
      expect(r.stderr).toContain('configure, cleanup');
      expect(r.stdout).toBe('');
    }
  });
});

describe('help and usage', () => {
  it('--help says what the module is, how it is called and which keys it reads', async () => {
    const r = await callModule(script, ['--help'], makeRoot('el8'));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('probe: Test module for the SDK adapter tests.');
    expect(r.stdout).toContain('--dry-run');
    expect(r.stdout).toContain('org.example.probe.host.0 [format hostname]');
    expect(r.stdout).toContain('cleanup (priority 90): no parameters');
  });

  it('an unknown option is a usage error: exit 2, the usage line and a pointer to --help', async () => {
    const r = await callModule(script, ['configure', '--frobnicate'], makeRoot('el8'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option "--frobnicate"/);
    expect(r.stderr).toContain('usage: probe configure|cleanup [--enumerate | --dry-run]');
  });

  it('no arguments at all is a usage error (exit 2) on stderr, not the help on stdout', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const r = await callModule(script, [], root);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: missing the target');
    expect(r.stderr).toContain("Try 'probe --help' for more information.");
    expect(snapshotTree(root)).toEqual(before);
  });

  it('the header sits in the bundle inside a block comment', () => {
    const text = readFileSync(script, 'utf8').split('\n');
    expect(text.slice(0, 7)).toEqual([
      '#!/usr/bin/env node',
      '/*',
      '### BEGIN PLUGIN INFO',
      '# name: probe',
      '# configure: 10',
      '# cleanup: 90',
      '# dry-run: yes',
    ]);
  });
});

describe('run', () => {
  it('applies the changes and prints the parameter set merged with what the handler sends back', async () => {
    const root = makeRoot('el8');
    const input = { 'org.example.probe.motd': 'hello', 'unknown.key': 'kept as is', 'org.example.probe.host.7': 'vm7.example.com' };
    const r = await callModule(script, ['configure'], root, input);
    expect(r.stderr).not.toContain('error');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ...input, 'org.example.probe.done': 'True' });
    expect(readFileSync(join(root, 'etc/motd'), 'utf8')).toBe('hello\n');
    expect(r.stderr).toContain('info: probe family el8');
    expect(r.stderr).toContain('info: wrote /etc/motd (mode 0644)');
    // The root is not "/", so the live-only command is skipped, and the log says so.
    expect(r.stderr).toContain('info: skipped (not the running system): true live-only');
  });

  it('a second identical run changes nothing and says "unchanged"', async () => {
    const root = makeRoot('el8');
    const input = { 'org.example.probe.motd': 'same' };
    await callModule(script, ['configure'], root, input);
    const before = snapshotTree(root);
    const inode = statSync(join(root, 'etc/motd')).ino;
    const again = await callModule(script, ['configure'], root, input);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('unchanged: write /etc/motd');
    expect(snapshotTree(root)).toEqual(before);
    expect(statSync(join(root, 'etc/motd')).ino).toBe(inode);
  });

  it('a secret is written with its mode, and appears on no log line', async () => {
    const root = makeRoot('el8');
    const r = await callModule(script, ['configure'], root, { 'org.example.probe.secret': 'hunter_two' });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(root, 'etc/probe/secret'), 'utf8')).toBe('hunter_two');
    expect(statSync(join(root, 'etc/probe/secret')).mode & 0o7777).toBe(0o600);
    expect(r.stderr).toContain('wrote /etc/probe/secret (mode 0600, secret content)');
    expect(r.stderr).not.toContain('hunter_two');
  });

  it('the cleanup target runs its own handler', async () => {
    const root = makeRoot('el8', { '/etc/motd': 'old\n' });
    const r = await callModule(script, ['cleanup'], root, {});
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('removed /etc/motd');
    expect(() => statSync(join(root, 'etc/motd'))).toThrow();
  });
});

describe('dry run', () => {
  it('prints parameters and plan, with a diff, and changes nothing', async () => {
    const root = makeRoot('el8', { '/etc/motd': 'old\n' });
    const before = snapshotTree(root);
    const r = await callModule(script, ['configure', '--dry-run'], root, {
      'org.example.probe.motd': 'new',
      'org.example.probe.secret': 'hunter_two',
    });
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    // The runner checks dry-run output against its schema before trusting it.
    expect(checkDryRun(out).ok).toBe(true);
    expect(out.parameters['org.example.probe.done']).toBe('True');
    expect(out.plan).toHaveLength(3);
    expect(out.plan[0]).toMatchObject({ action: 'write', path: '/etc/motd', mode: '0644' });
    expect(out.plan[0].diff).toContain('-old\n+new');
    expect(out.plan[1]).toEqual({ action: 'write', path: '/etc/probe/secret', mode: '0600', secret: true });
    expect(out.plan[2]).toMatchObject({ action: 'run', argv: ['true', 'live-only'], live: true });
    expect(out.plan[2].skipped).toMatch(/not the running system/);
    // The parameter set is echoed for the next module, as in a real run; the plan holds no secret.
    expect(JSON.stringify(out.plan)).not.toContain('hunter_two');
    expect(r.stderr).not.toContain('hunter_two');
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('refusals and failures', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['format', { 'org.example.probe.motd': 'fine', 'org.example.probe.host.3': 'bad_host!' }, 'org.example.probe.host.3'],
    ['choices', { 'org.example.probe.motd': 'fine', 'org.example.probe.mode': 'c' }, 'org.example.probe.mode'],
    ['newline', { 'org.example.probe.motd': 'a\nb' }, 'org.example.probe.motd'],
    ['cross-field check in the handler', { 'org.example.probe.mode': 'b' }, 'org.example.probe.motd'],
  ];
  for (const [what, params, key] of cases) {
    it(`refuses a bad value (${what}): exit 2, the key named, nothing changed`, async () => {
      const root = makeRoot('el8');
      const before = snapshotTree(root);
      const r = await callModule(script, ['configure'], root, params);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: ${key.replace(/\./g, '\\.')}: `, 'm'));
      expect(r.stdout).toBe('');
      expect(snapshotTree(root)).toEqual(before);
    });
  }

  it('never echoes a refused secret', async () => {
    const root = makeRoot('el8');
    const r = await callModule(script, ['configure'], root, { 'org.example.probe.secret': 'Bad Secret' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('error: org.example.probe.secret: the value is not a user or group name');
    expect(r.stderr).not.toContain('Bad Secret');
  });

  it('a handler failure is one error line and exit 1, nothing changed', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const r = await callModule(script, ['configure'], root, { 'org.example.probe.fail': 'yes', 'org.example.probe.motd': 'x' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe('error: probe failed on purpose');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a command the run needs but the system lacks stops it before the first change', async () => {
    const root = makeRoot('el8');
    const before = snapshotTree(root);
    const r = await callModule(script, ['configure'], root, { 'org.example.probe.fail': 'missing-tool', 'org.example.probe.motd': 'x' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: ovm-no-such-tool is not installed (needed for: ovm-no-such-tool --go); nothing was changed');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a tool only the caller PATH has counts as missing: the run would not use it', async () => {
    const root = makeRoot('el8');
    const fakes = mkdtempSync(join(tmpdir(), 'ovm-caller-path-'));
    writeFileSync(join(fakes, 'ovm-no-such-tool'), '#!/bin/sh\ntouch "$0.ran"\n');
    chmodSync(join(fakes, 'ovm-no-such-tool'), 0o755);
    const input = { 'org.example.probe.fail': 'missing-tool', 'org.example.probe.motd': 'x' };
    const r = await callModule(script, ['configure'], root, input, { PATH: `${fakes}:${process.env.PATH}` });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: ovm-no-such-tool is not installed');
    expect(existsSync(join(fakes, 'ovm-no-such-tool.ran'))).toBe(false);
    rmSync(fakes, { recursive: true, force: true });
  });

  it('input that is not a JSON object of strings is refused', async () => {
    const root = makeRoot('el8');
    const bad = await callModule(script, ['configure'], root, '{not json');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('not valid JSON');
    const num = await callModule(script, ['configure'], root, { 'org.example.probe.motd': 5 });
    expect(num.exitCode).toBe(2);
    expect(num.stderr).toContain('error: org.example.probe.motd: must be a string, not number');
  });

  it('a root that is not a directory, or not a known distribution, is a clear error', async () => {
    const missing = await callModule(script, ['configure'], '/nonexistent/root', {});
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('OVM_TEMPLATE_ROOT=/nonexistent/root is not an existing directory');
    const root = makeRoot('el8', { '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n' });
    const unknown = await callModule(script, ['configure'], root, {});
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain(`${root}/etc/os-release says ID=debian VERSION_ID=12`);
  });
});
