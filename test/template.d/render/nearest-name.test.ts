// The one "did you mean" search: swaps, missing and extra letters count as one edit each; the
// caller's limit decides; equally close names go to the first; prefixes only when asked.
import { describe, expect, it } from 'vitest';
import { nearestName } from '../../../template.d/render/nearest-name.js';

const TARGETS = ['configure', 'unconfigure', 'reconfigure', 'cleanup', 'suspend', 'resume', 'migrate', 'shutdown'];

describe('nearestName', () => {
  it.each([
    ['confgure', 'configure'],
    ['cofnigure', 'configure'],
    ['cleanupp', 'cleanup'],
    ['resmue', 'resume'],
  ])('%s -> %s', (typo, meant) => expect(nearestName(typo, TARGETS, { allowed: 2 })).toBe(meant));

  it('suggests nothing beyond the allowed number of edits, or from no candidates', () => {
    expect(nearestName('reboot', TARGETS, { allowed: 2 })).toBeUndefined();
    expect(nearestName('cnfgr', TARGETS, { allowed: 1 })).toBeUndefined();
    expect(nearestName('configure', [], { allowed: 2 })).toBeUndefined();
  });

  it('takes the first of equally close names', () => {
    expect(nearestName('ab', ['ax', 'xb'], { allowed: 1 })).toBe('ax');
    expect(nearestName('ab', new Set(['xb', 'ax']), { allowed: 1 })).toBe('xb');
  });

  it('counts a name the word begins as exact only with prefixes', () => {
    expect(nearestName('dry', ['dry-run', 'try'], { allowed: 1, prefixes: true })).toBe('dry-run');
    expect(nearestName('dry', ['dry-run', 'try'], { allowed: 1 })).toBe('try');
  });
});
