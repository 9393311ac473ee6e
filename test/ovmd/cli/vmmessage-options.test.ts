// ovm-vmmessage's command-line rules: one action (a query may follow a send), query options only
// with -q, numbers and regular expressions refused as typed, and what a query waits for.
import { describe, expect, it } from 'vitest';
import { UsageError, type Parsed } from '../../../ovmd/cli/parse.js';
import { checkQueryOptions, chooseAction, querySpec, refuseManagerOptions, waitSeconds } from '../../../ovmd/cli/vmmessage-options.js';
import { acceptFor, isFinalResult } from '../../../ovmd/cli/vmmessage-query.js';

const argv = (o: Record<string, unknown>): Parsed => ({ _: [], ...o });

describe('chooseAction', () => {
  it('takes a send with a query as the send, and refuses two actions or none', () => {
    expect(chooseAction(argv({ file: 'b', query: 'k' }))).toBe('file');
    expect(chooseAction(argv({ key: 'a', value: 'b', query: 'k' }))).toBe('key');
    expect(chooseAction(argv({ query: 'k' }))).toBe('query');
    expect(chooseAction(argv({ list: true, clear: true }))).toBe('list');
    expect(() => chooseAction(argv({ list: true, follow: true }))).toThrow(/choose one of --list, --follow/);
    expect(() => chooseAction(argv({}))).toThrow(/nothing to do/);
    expect(() => chooseAction(argv({ list: true, value: 'x' }))).toThrow(/-V goes with -k/);
  });
});

describe('checkQueryOptions', () => {
  it('refuses --wait that is not a number, showing what was typed', () => {
    expect(() => checkQueryOptions(argv({ query: 'k', wait: 'abc' }), 'query')).toThrow('--wait must be a number of seconds (0 or more), got "abc"');
    expect(() => checkQueryOptions(argv({ query: 'k', wait: '-1' }), 'query')).toThrow(/got "-1"/);
    expect(waitSeconds(argv({ wait: '2.5' }))).toBe(2.5);
    expect(waitSeconds(argv({}))).toBe(0);
  });
  it('refuses query options without -q, a bad regular expression, and --new after a send', () => {
    expect(() => checkQueryOptions(argv({ list: true, wait: '5' }), 'list')).toThrow(/--wait goes with -q/);
    expect(() => checkQueryOptions(argv({ query: 'k', until: '(' }), 'query')).toThrow(/--until "\(" is not a valid regular expression/);
    expect(() => checkQueryOptions(argv({ file: 'b', query: 'k', new: true }), 'file')).toThrow(UsageError);
    expect(() => checkQueryOptions(argv({ query: 'k', new: true, final: true, wait: '3' }), 'query')).not.toThrow();
  });
});

describe('what a query counts', () => {
  const running = JSON.stringify({ target: 'configure', state: 'running', startedAt: 't' });
  const done = JSON.stringify({ target: 'configure', state: 'configured', startedAt: 't', durationMs: 5 });
  it('--final skips the running note and anything that is not a run result', () => {
    expect(isFinalResult(running)).toBe(false);
    expect(isFinalResult(done)).toBe(true);
    expect(isFinalResult(JSON.stringify({ state: 'failed' }))).toBe(true);
    expect(isFinalResult('not json')).toBe(false);
  });
  it('--until and --final must both hold when both are given', () => {
    expect(acceptFor(/configured/, true)(done)).toBe(true);
    expect(acceptFor(/failed/, true)(done)).toBe(false);
    expect(acceptFor(undefined, false)(running)).toBe(true);
  });
  it('querySpec carries the wait, the starting point and a description for the refusal', () => {
    const spec = querySpec(argv({ query: 'ovmd.run-result', final: true, wait: '30' }), 12);
    expect(spec).toMatchObject({ key: 'ovmd.run-result', after: 12, waitSec: 30 });
    expect(spec.wanted).toBe('a new ovmd.run-result with a final state');
    expect(spec.accept(running)).toBe(false);
  });
});

describe('Oracle\'s manager options', () => {
  const valued = (arg: string) => ['-k', '-V', '-q', '--key', '--value', '--query', '--domid', '-w', '--wait', '-f', '--file', '-n', '--name'].includes(arg);
  it('refuses -u, -p, -h and -v in any spelling, naming what to use instead and never echoing a value', () => {
    const oracle = ['-u', 'admin', '-p', 'Secr3t', '-h', 'manager', '-v', 'vm1', '-k', 'k', '-V', 'v'];
    expect(() => refuseManagerOptions(oracle, valued)).toThrow(UsageError);
    expect(() => refuseManagerOptions(oracle, valued)).toThrow(/-u is an option of Oracle's ovm_vmmessage.*--domid N or --name NAME/);
    for (const args of [['-h'], ['-v'], ['-pSecr3t'], ['--domid', '7', '-uadmin']]) {
      let message = '';
      try {
        refuseManagerOptions(args, valued);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, args.join(' ')).toMatch(/^-[uphv] is an option of Oracle's ovm_vmmessage/);
      expect(message).not.toContain('Secr3t');
      expect(message).not.toContain('\n');
    }
  });
  it('lets the same letters through as values, and --help/--version', () => {
    expect(() => refuseManagerOptions(['--domid', '7', '-k', '-v', '-V', '-h'], valued)).not.toThrow();
    expect(() => refuseManagerOptions(['--help'], valued)).not.toThrow();
    expect(() => refuseManagerOptions(['--version'], valued)).not.toThrow();
    expect(() => refuseManagerOptions(['--domid', '7', '--file', '-', '--', '-h'], valued)).not.toThrow();
  });
});

describe('--status', () => {
  it('is an action of its own that takes --wait and no other query option', () => {
    expect(chooseAction(argv({ status: true }))).toBe('status');
    expect(() => chooseAction(argv({ status: true, list: true }))).toThrow(/choose one of --status, --list/);
    expect(() => checkQueryOptions(argv({ status: true, wait: '30' }), 'status')).not.toThrow();
    expect(() => checkQueryOptions(argv({ status: true, final: true }), 'status')).toThrow(/--final goes with -q\/--query \(--status takes only --wait\)/);
  });
  it('--final counts every state but running as final, a new state included', () => {
    expect(isFinalResult(JSON.stringify({ state: 'invalid', errors: [] }))).toBe(true);
    expect(isFinalResult(JSON.stringify({ state: 'interrupted' }))).toBe(true);
    expect(querySpec(argv({ query: 'ovmd.run-result', final: true }), 0).final).toBe(true);
  });
});
