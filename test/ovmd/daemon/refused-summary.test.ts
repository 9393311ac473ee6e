// The run result of a refused batch (pure): state invalid, every reason in errors[] with secret
// values masked, a one-line error naming the first and how many more, and a value that always
// fits the channel (8191 bytes), however many reasons there are.
import { describe, expect, it } from 'vitest';
import type { EngineReport } from '../../../ovmd/daemon/engine.js';
import { summarise } from '../../../ovmd/daemon/run-summary.js';
import { VALUE_MAX_BYTES } from '../../../ovmd/vmapi/layout.js';

function refused(errors: EngineReport['errors']): EngineReport {
  const modules = ['datetime', 'network'].map((name) => ({ name, priority: 50, status: 'not run', durationMs: 0, error: 'refused: ...' }));
  return { target: 'configure', status: 'invalid', durationMs: 150, errors, modules, params: {}, changedKeys: [], secretKeys: [] };
}

describe('the run result of a refused batch', () => {
  it('is invalid, lists every reason with secrets masked, and says how many in its one line', () => {
    const summary = summarise(
      refused([
        { key: 'com.oracle.linux.datetime.timezone', module: 'datetime', reason: '"Mars/Olympus" is not a time zone' },
        { key: 'com.oracle.linux.network.gateway.0', module: 'network', reason: 'not on the network' },
        { key: null, module: 'custom', reason: 'it echoed Sekret-CANARY-44' },
      ]),
      '2026-12-05T17:00:00.000Z',
      ['Sekret-CANARY-44'],
    );
    expect(summary.state).toBe('invalid');
    expect(summary.errors).toHaveLength(3);
    expect(summary.errors![2]).toEqual({ key: null, module: 'custom', reason: 'it echoed ***' });
    expect(summary.error).toBe('refused, nothing was changed: com.oracle.linux.datetime.timezone: "Mars/Olympus" is not a time zone (module "datetime") (and 2 more, see errors)');
    expect(summary.modules!.every((m) => m.status === 'not run' && m.error === undefined)).toBe(true);
    expect(JSON.stringify(summary)).not.toContain('Sekret-CANARY-44');
  });

  it('stays within the channel\'s value limit with hundreds of long reasons, counting those left out', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ key: `com.example.k.${i}`, module: 'm', reason: `${'x'.repeat(280)} ${i}` }));
    const summary = summarise(refused(many), '2026-12-05T17:00:00.000Z', []);
    expect(Buffer.byteLength(JSON.stringify(summary))).toBeLessThanOrEqual(VALUE_MAX_BYTES);
    expect(summary.errors!.length).toBeGreaterThan(5);
    expect(summary.errors!.length + summary.errorsOmitted!).toBe(200);
    expect(summary.errors![0]!.key).toBe('com.example.k.0');
  });
});
