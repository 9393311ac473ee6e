// The retry of a failed source scan: soon, doubling, one pending per source, said once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScanRetry, type ScanSource } from '../../../ovmd/daemon/scan-retry.js';

let lines: string[];
let rescans: ScanSource[];
let retry: ScanRetry;

beforeEach(() => {
  vi.useFakeTimers();
  lines = [];
  rescans = [];
  const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warning: ${m}`), error: (m: string) => lines.push(`error: ${m}`), close: () => undefined };
  retry = new ScanRetry(log, (s) => rescans.push(s));
});

afterEach(() => {
  retry.stop();
  vi.useRealTimers();
});

describe('ScanRetry', () => {
  it('reads again after 1 s, then 2 s, and says the same error only once', () => {
    const e = new Error('xenstore READ domid failed: EINVAL');
    retry.failed('oracle', e);
    retry.failed('oracle', e); // a second failure while one retry is pending adds none
    vi.advanceTimersByTime(999);
    expect(rescans).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(rescans).toEqual(['oracle']);
    retry.failed('oracle', e);
    vi.advanceTimersByTime(1999);
    expect(rescans).toEqual(['oracle']);
    vi.advanceTimersByTime(1);
    expect(rescans).toEqual(['oracle', 'oracle']);
    expect(lines).toEqual(['warning: channel scan interrupted: xenstore READ domid failed: EINVAL; trying again in 1 s']);
  });

  it('starts over at 1 s once a scan works, and keeps the two sources apart', () => {
    retry.failed('vmData', new Error('EACCES'));
    vi.advanceTimersByTime(1000);
    retry.failed('vmData', new Error('EACCES'));
    retry.worked('vmData');
    retry.worked('oracle'); // the other source never failed: nothing to say
    vi.advanceTimersByTime(2000);
    retry.failed('vmData', new Error('EACCES'));
    vi.advanceTimersByTime(1000);
    expect(rescans).toEqual(['vmData', 'vmData', 'vmData']);
    expect(lines).toEqual([
      'warning: vm-data scan interrupted: EACCES; trying again in 1 s',
      'vm-data scan works again',
      'warning: vm-data scan interrupted: EACCES; trying again in 1 s',
    ]);
  });

  it('stop() cancels a pending retry', () => {
    retry.failed('oracle', new Error('EINVAL'));
    retry.stop();
    vi.advanceTimersByTime(60_000);
    expect(rescans).toEqual([]);
  });
});
