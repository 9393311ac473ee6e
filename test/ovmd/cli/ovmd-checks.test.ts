// The ovmd command-line checks that run before the store is opened: daemon options next to an
// action, numbers shown as typed, and a --root that must be an existing directory.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModeOptions, checkRoot, numberOption, RootError } from '../../../ovmd/cli/ovmd-checks.js';
import { UsageError, type Parsed } from '../../../ovmd/cli/parse.js';
import { secretHint } from '../../../ovmd/cli/ovmd-actions.js';

const argv = (o: Record<string, unknown>): Parsed => ({ _: [], root: '/', ...o });
const scratch = mkdtempSync(join(tmpdir(), 'ovmd-checks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('checkModeOptions', () => {
  it('refuses daemon options next to an action, naming them', () => {
    expect(() => checkModeOptions(argv({ 'first-boot-timeout': '5', 'list-params': true }), 'list-params'))
      .toThrow(/--first-boot-timeout only applies to the daemon, not to --list-params/);
    expect(() => checkModeOptions(argv({ debug: '1', 'time-period': '3' }), 'set-param'))
      .toThrow(/-d\/--debug, -t\/--time-period only apply to the daemon/);
  });

  it('accepts daemon options without an action, and refuses a timeout without --first-boot', () => {
    expect(() => checkModeOptions(argv({ debug: '1', 'first-boot': true, 'first-boot-timeout': '5' }), undefined)).not.toThrow();
    expect(() => checkModeOptions(argv({ 'first-boot-timeout': '5' }), undefined)).toThrow(/goes with --first-boot/);
    expect(() => checkModeOptions(argv({ json: true }), 'get-param')).toThrow(UsageError);
  });
});

describe('numberOption', () => {
  const level = (raw: unknown) => numberOption(argv({ debug: raw }), 'debug', 2, (n) => [0, 1, 2].includes(n), '0, 1 or 2');
  it('uses the fallback when absent and shows a wrong value as typed', () => {
    expect(numberOption(argv({}), 'debug', 2, () => true, 'x')).toBe(2);
    expect(level('1')).toBe(1);
    expect(() => level('abc')).toThrow('-d/--debug must be 0, 1 or 2, got "abc"');
    expect(() => level('')).toThrow(/got ""/);
    expect(() => level('3')).toThrow(/got "3"/);
  });
});

describe('checkRoot', () => {
  it('refuses a missing root or a file, and creates nothing', () => {
    const missing = join(scratch, 'nosuch');
    expect(() => checkRoot(missing)).toThrow(RootError);
    expect(() => checkRoot(missing)).toThrow(/does not exist/);
    expect(existsSync(missing)).toBe(false);
    const file = join(scratch, 'file');
    writeFileSync(file, 'x');
    expect(() => checkRoot(file)).toThrow(/is not a directory/);
    expect(() => checkRoot(join(file, 'below'))).toThrow(/does not exist/);
    expect(() => checkRoot(scratch)).not.toThrow();
  });
});

describe('secretHint', () => {
  const catalog = { required: ['pw'], secret: new Set(['pw']), known: new Set(['pw']) };
  it('names a missing secret the error mentions and how to store it again', () => {
    const hint = secretHint(catalog, {}, 'pw: required by module "auth" but not set');
    expect(hint).toMatch(/wiped after each successful run/);
    expect(hint).toMatch(/ovmd -p pw=VALUE/);
  });
  it('says nothing when the secret is stored or not mentioned', () => {
    expect(secretHint(catalog, { pw: 'x' }, 'pw: bad')).toBe('');
    expect(secretHint(catalog, {}, 'hostname: bad')).toBe('');
    expect(secretHint(undefined, {}, 'pw')).toBe('');
  });
});

describe('-p KEY with the value on standard input', () => {
  it('splits at the first "=", and a bare KEY takes the first line of standard input', async () => {
    const { fillFromStdin, splitAssignment } = await import('../../../ovmd/cli/ovmd-actions.js');
    expect(splitAssignment('a=b=c')).toEqual({ key: 'a', value: 'b=c' });
    expect(splitAssignment('a=')).toEqual({ key: 'a', value: '' });
    expect(() => splitAssignment('=x')).toThrow(UsageError);
    const filled = fillFromStdin([{ key: 'pw' }, { key: 'h', value: 'v' }], () => 'secret\n');
    expect(filled).toEqual([{ key: 'pw', value: 'secret' }, { key: 'h', value: 'v' }]);
    expect(() => fillFromStdin([{ key: 'a' }, { key: 'b' }], () => 'x')).toThrow(/only one -p KEY/);
    let read = false;
    fillFromStdin([{ key: 'h', value: 'v' }], () => ((read = true), ''));
    expect(read).toBe(false);
  });
});
