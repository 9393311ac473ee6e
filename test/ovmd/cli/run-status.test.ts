// ovm-vmmessage --status as data: the exit status for each state of ovmd.run-result, and a
// summary that shows modules, errors[] of a refused batch, and nothing raw from the guest.
import { describe, expect, it } from 'vitest';
import { renderStatus, statusCode, STATUS_EXIT } from '../../../ovmd/cli/run-status.js';

const result = (o: Record<string, unknown>) => JSON.stringify({ target: 'configure', startedAt: '2026-12-05T17:00:00.000Z', ...o });

describe('statusCode', () => {
  it('0 for a run that succeeded, 1 for one that did not, 3 while running or before any, 4 when unreadable', () => {
    expect(statusCode(result({ state: 'configured', durationMs: 900 }))).toBe(STATUS_EXIT.done);
    expect(statusCode(result({ state: 'completed' }))).toBe(0);
    expect(statusCode(result({ state: 'failed' }))).toBe(1);
    expect(statusCode(result({ state: 'invalid', errors: [] }))).toBe(1);
    expect(statusCode(result({ state: 'interrupted' }))).toBe(1);
    expect(statusCode(result({ state: 'running' }))).toBe(3);
    expect(statusCode(undefined)).toBe(3);
    expect(statusCode('not json')).toBe(4);
    expect(statusCode('{"state": 7}')).toBe(4);
  });
});

describe('renderStatus', () => {
  it('says when no run was reported, or the result cannot be read', () => {
    expect(renderStatus(undefined, 7)).toBe('domain 7: no run reported yet (ovmd has not sent ovmd.run-result)\n');
    expect(renderStatus('[]', 7)).toMatch(/cannot be read/);
  });

  it('shows a finished run with each module, its status, duration and one-line error', () => {
    const text = renderStatus(result({
      state: 'failed', durationMs: 1234, error: 'module authentication failed',
      modules: [{ name: 'network', status: 'ok', durationMs: 78 }, { name: 'authentication', status: 'failed', durationMs: 117, error: 'exited with status 2' }],
    }), 7);
    expect(text).toBe([
      'domain 7: configure failed (started 2026-12-05T17:00:00.000Z in 1.23 s)',
      '  ok       network                0.08 s',
      '  failed   authentication         0.12 s  exited with status 2',
      'error: module authentication failed',
      '',
    ].join('\n'));
    expect(renderStatus(result({ state: 'running' }), 7)).toBe('domain 7: configure running (started 2026-12-05T17:00:00.000Z)\n');
  });

  it('lists every reason of a refused (invalid) batch: key, reason, module', () => {
    const text = renderStatus(result({
      state: 'invalid', durationMs: 300, error: 'first reason only',
      errors: [
        { key: 'com.oracle.linux.datetime.timezone', module: 'datetime', reason: '"Mars/Olympus" is not a time zone' },
        { key: 'com.oracle.linux.network.gateway.0', module: 'network', reason: 'not in the network of ipaddr.0' },
        { key: null, module: 'ssh', reason: 'ssh-keygen refused the key' },
      ],
    }), 9);
    expect(text).toMatch(/^domain 9: configure refused \(invalid\): nothing was changed/);
    expect(text).toContain('3 reasons:\n  com.oracle.linux.datetime.timezone: "Mars/Olympus" is not a time zone (module "datetime")\n');
    expect(text).toContain('  com.oracle.linux.network.gateway.0: not in the network of ipaddr.0 (module "network")\n');
    expect(text).toContain('  ssh-keygen refused the key (module "ssh")\n');
    expect(text).not.toContain('first reason only');
  });

  it('counts the reasons the guest left out to stay under the channel limit', () => {
    const text = renderStatus(result({ state: 'invalid', errors: [{ key: 'k', module: 'm', reason: 'r' }], errorsOmitted: 4 }), 7);
    expect(text).toContain('5 reasons:\n  k: r (module "m")\n  (4 more: over the channel\'s size limit, see the guest\'s log)\n');
  });

  it('never passes a guest\'s control characters to the host terminal', () => {
    const text = renderStatus(result({ state: 'failed\u001b[2J', modules: [{ name: 'x\u001b]0;owned\u0007', status: 'ok', durationMs: 1 }], error: 'a\nb' }), 7);
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
  });
});
