// The closing line of a run with failures, in plain sentences: no "there was no other module",
// a pronoun that agrees with the count, no "name: status" pairs inside the parentheses.
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../../template.d/render/run-report.js';
import type { ModuleReport, RunReport } from '../../../template.d/runner/types.js';

const mod = (name: string, status: ModuleReport['status']): ModuleReport => ({ name, priority: 50, status, exitCode: status === 'ok' ? 0 : 1, durationMs: 100 });
const report = (modules: ModuleReport[]): RunReport => ({
  target: 'configure', root: '/', dryRun: false, status: 'failed', durationMs: 1500, errors: [], warnings: [],
  modules, params: {}, changedKeys: [], secretKeys: [],
});

describe('renderSummary after failures', () => {
  it('one module, and it failed: "the module did not succeed", "Its messages"', () => {
    expect(renderSummary(report([mod('network', 'failed')]))).toBe(
      'configure: the module did not succeed (network failed) in 1.50 s. Its messages are in /var/log/ovm-template-config.log.\n',
    );
  });

  it('some failed, others succeeded: says so, "Their messages" only for several', () => {
    const text = renderSummary(report([mod('network', 'failed'), mod('ssh', 'timeout'), mod('user', 'ok')]));
    expect(text).toBe(
      'configure: 2 of 3 modules did not succeed (network failed, ssh timed out) in 1.50 s; the other module succeeded. ' +
        'Their messages are in /var/log/ovm-template-config.log.\n',
    );
    expect(text).not.toMatch(/there was no other module|\(s\)/);
  });
});

describe('the dry-run diff', () => {
  it('starts at its ---/+++ lines, without the Index: and ==== header', async () => {
    const { renderDiff } = await import('../../../modules/lib/plan.js');
    const diff = renderDiff('/etc/hostname', Buffer.from('old\n'), Buffer.from('new\n'));
    expect(diff.split('\n').slice(0, 2)).toEqual(['--- /etc/hostname\tcurrent', '+++ /etc/hostname\tplanned']);
    expect(diff).not.toMatch(/^Index:|^=+$/m);
  });

  it('a live-only command skipped on another root says why without nested parentheses', async () => {
    const { renderPlan } = await import('../../../modules/lib/plan.js');
    const [step] = renderPlan([{ change: { kind: 'run', argv: ['hostnamectl'], live: true } } as never], false);
    expect((step as { skipped?: string }).skipped).toBe('the root is not the running system');
  });
});
