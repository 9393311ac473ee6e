// The harness's download retry: a mirror hiccup on a CI machine's first run must not fail a boot.
import { describe, expect, it } from 'vitest';
import { withRetries } from './packages.js';

describe('withRetries', () => {
  it('returns what the step gives once it stops failing', () => {
    let calls = 0;
    const got = withRetries('a flaky step', () => {
      if (++calls < 3) throw new Error('temporary failure resolving deb.debian.org');
      return 'done';
    }, [0, 0]);
    expect([got, calls]).toEqual(['done', 3]);
  });

  it('gives up after the last pause with the step\'s own error', () => {
    let calls = 0;
    expect(() => withRetries('a broken step', () => {
      calls++;
      throw new Error('E: Version not found');
    }, [0, 0])).toThrow('E: Version not found');
    expect(calls).toBe(3);
  });
});
