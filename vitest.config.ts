import { defineConfig } from 'vitest/config';

// Tests mirror the source tree under test/. Black-box tests start real daemons and real
// built commands, so each test file runs in its own process and may take a few seconds.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
