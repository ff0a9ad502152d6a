import { configDefaults, defineConfig } from 'vitest/config';

// Two projects, so that a run of other files never pays for a cluster: `cluster` (test/cluster/)
// starts a real API server once in its global setup, which vitest calls only when one of that
// project's files is queued. Only our own tests: vitest would otherwise also collect dist/.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/cluster/**'] } },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          globalSetup: ['test/cluster/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
