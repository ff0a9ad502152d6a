import { configDefaults, defineConfig } from 'vitest/config';

// Three projects, so that a run of other files never pays for a cluster: `cluster` (test/cluster/)
// starts a real API server once in its global setup, which vitest calls only when one of that
// project's files is queued; `e2e` (test/e2e/, `make e2e`) a cluster with a real node and KEDA, one
// file at a time (one node). `npx vitest run` runs main and cluster; e2e only when named. Only our own tests: vitest would otherwise also collect dist/.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/cluster/**', 'test/e2e/**'] },
      },
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
      ...(process.env.E2E === '1'
        ? [
            {
              extends: true as const,
              test: {
                name: 'e2e',
                include: ['test/e2e/**/*.test.ts'],
                globalSetup: ['test/e2e/global-setup.ts'],
                fileParallelism: false,
                testTimeout: 300_000,
                hookTimeout: 300_000,
              },
            },
          ]
        : []),
    ],
  },
});
