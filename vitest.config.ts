import { defineConfig } from 'vitest/config';

// Only our own tests: vitest would otherwise also collect compiled copies under dist/.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
