// When received values go from the intake journal to the store files: once the channel is quiet,
// now at start and stop, never after stop; a failure is logged and the values stay journaled.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JournalCheckpoint } from '../../../ovmd/daemon/journal-checkpoint.js';
import type { Log } from '../../../ovmd/daemon/log.js';
import type { ParamStore } from '../../../ovmd/daemon/param-store.js';

function setup(pending: number, fail = false) {
  const lines: string[] = [];
  let applied = 0;
  const store = {
    pendingCount: () => pending,
    checkpoint: () => {
      if (fail) throw new Error('disk full');
      applied++;
      const n = pending;
      pending = 0;
      return n;
    },
  } as unknown as ParamStore;
  const log: Log = {
    info: (m) => void lines.push(`info ${m}`), warn: (m) => void lines.push(`warn ${m}`), error: (m) => void lines.push(`error ${m}`), close: () => undefined,
  };
  return { cp: new JournalCheckpoint(store, log), lines, applied: () => applied };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('JournalCheckpoint', () => {
  it('applies once the channel has been quiet, however many drains came before', () => {
    const { cp, lines, applied } = setup(2);
    cp.whenIdle();
    vi.advanceTimersByTime(150);
    cp.whenIdle();
    vi.advanceTimersByTime(150);
    expect(applied()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(applied()).toBe(1);
    expect(lines).toEqual(['info applied 2 received parameters from the intake journal to the store (the channel is quiet)']);
  });

  it('schedules nothing when nothing is pending, and nothing after stop', () => {
    const empty = setup(0);
    empty.cp.whenIdle();
    vi.advanceTimersByTime(1000);
    expect(empty.applied()).toBe(0);
    const { cp, applied } = setup(1);
    cp.whenIdle();
    cp.stop();
    cp.whenIdle();
    vi.advanceTimersByTime(1000);
    expect(applied()).toBe(0);
  });

  it('logs a failure to apply and says the values are kept', () => {
    const { cp, lines } = setup(1, true);
    cp.now('stopping');
    expect(lines).toEqual(['error cannot apply the intake journal to the store: disk full; it is kept and tried again']);
  });
});
