// A real Prometheus (Debian's 2.42, a host process on loopback) scraping a real worker process
// against the real Redis, with the rules `tb-gen rules` renders: every dashboard panel's query
// returns data, and the backlog alert fires when jobs arrive faster than the worker's one slot
// takes them, and clears once they drain. Worker pods on a real node: test/e2e/monitoring.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD } from '../../src/contract/monitoring/dashboard.js';
import { ROOT } from '../helpers/fixtures.js';
import { panelQueries, panelsWithoutData, startPrometheus, type Prometheus } from '../helpers/prometheus.js';
import { cli } from '../helpers/run.js';
import {
  cleanPrefix,
  freePort,
  REDIS_URL,
  requireBuild,
  startWorker,
  TEST_APP,
  uniquePrefix,
  waitUntil,
  type WorkerHandle,
} from '../helpers/worker.js';

const WORKER = 'alpha-worker';
// One job slot (concurrency 1 x 1 replica); the backlog alert at more than 2 jobs per slot, at once.
const VALUES = `taskConfig: { backend_type: bullmq, app: x.js }
monitoring:
  rules:
    rateWindow: 10s
    alerts: { backlog: { threshold: 2, for: 1s } }
workers:
  ${WORKER}: { tasks: [sleep], replicas: 1, concurrency: 1 }
`;

const scratch = mkdtempSync(join(tmpdir(), 'tb-prometheus-'));
const prefix = uniquePrefix('prom');
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
let prom: Prometheus | undefined;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  requireBuild();
  writeFileSync(join(scratch, 'values.yaml'), VALUES);
  const rules = await cli(['rules', '-f', join(scratch, 'values.yaml')], { cwd: ROOT });
  expect(rules.code, rules.stderr).toBe(0);
  const health = await freePort();
  worker = startWorker([`--app=${TEST_APP}`, '--tasks=sleep', '--concurrency=1', `--health-port=${health}`], {
    TASK_BACKEND_BROKER_URL: REDIS_URL,
    TASK_BACKEND_PREFIX: prefix,
    TASK_BACKEND_WORKER_NAME: WORKER,
  });
  prom = await startPrometheus([{ job_name: 'workers', static_configs: [{ targets: [`127.0.0.1:${health}`] }] }], rules.stdout);
  const p = prom;
  await waitUntil(() => p.query('up{job="workers"} == 1').then((r) => r.length > 0), 'Prometheus scraping the worker', 30_000, 250);
}, 60_000);

afterAll(async () => {
  worker?.kill('SIGKILL');
  await prom?.stop();
  await cleanPrefix(prefix);
  redis.disconnect();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a real Prometheus with the rendered rules', () => {
  it('fires TaskBackendBacklogHigh while jobs outrun the one slot, and clears when they drain', async () => {
    const p = prom as Prometheus;
    const queue = new Queue('alpha', { connection: redis, prefix });
    expect(await p.firing('TaskBackendBacklogHigh')).toBe(false);
    const t0 = Date.now();
    await queue.addBulk([...Array(6).keys()].map(() => ({ name: 'sleep', data: { ms: 2500 } })));
    await waitUntil(() => p.firing('TaskBackendBacklogHigh'), 'TaskBackendBacklogHigh firing', 30_000, 200);
    const fired = Date.now() - t0;
    await waitUntil(async () => !(await p.firing('TaskBackendBacklogHigh')), 'TaskBackendBacklogHigh cleared', 60_000, 200);
    const cleared = Date.now() - t0;
    console.log(`enqueue -> firing ${fired} ms, enqueue -> cleared ${cleared} ms (6 jobs of 2.5 s on one slot)`);
    await queue.close();
  }, 120_000);

  it('answers every dashboard panel query with data', async () => {
    const queries = panelQueries(DASHBOARD, { namespace: '.*', worker: WORKER, rateInterval: '1m' });
    expect(queries.length).toBeGreaterThan(DASHBOARD.panels.length - 1);
    expect(await panelsWithoutData(prom as Prometheus, queries)).toEqual([]);
  });
});
