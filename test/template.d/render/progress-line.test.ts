// One progress format for ovm-template-config and first boot (ovmd's engine uses the same
// function, trimmed for its log).
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../ovmd/daemon/runner-engine.js';
import { renderProgressLine } from '../../../template.d/render/progress-line.js';

describe('progress lines', () => {
  const start = { type: 'start' as const, name: 'network', priority: 50, index: 3, total: 7 };
  const finish = { type: 'finish' as const, index: 3, total: 7, report: { name: 'network', priority: 50, status: 'ok' as const, exitCode: 0, durationMs: 304 } };

  it('says which module starts, in what position, and how it ended', () => {
    expect(renderProgressLine(start)).toBe('  running  50 network              (4/7)\n');
    expect(renderProgressLine(finish)).toBe('  ok       50 network                0.30 s\n');
  });

  it('is what ovmd prints on the console during first boot', () => {
    expect(progressLine(start)).toBe(renderProgressLine(start).replace(/\n$/, ''));
    expect(progressLine(finish)).toBe(renderProgressLine(finish).replace(/\n$/, ''));
  });
});
