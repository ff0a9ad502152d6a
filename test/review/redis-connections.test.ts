// The Redis model of `tb-gen report`, held to a running worker: the built task-backend-worker on
// three queues, against the real Redis, opens exactly connectionsPerPod(3).perServer connections (CLIENT
// LIST, by the names ioredis gives them: duplicates inherit the shared client's name, BullMQ names
// each blocking connection `<prefix>:<base64(queue)>`).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionsPerPod } from '../../src/review/report.js';
import {
  cleanPrefix,
  REDIS_URL,
  requireBuild,
  startWorker,
  TEST_APP,
  uniquePrefix,
  waitUntil,
  type WorkerHandle,
} from '../helpers/worker.js';

const prefix = uniquePrefix('conns');
const name = `conns-${prefix}`;
const queues = ['alpha', 'beta', 'gamma'];
let worker: WorkerHandle | undefined;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

beforeAll(() => requireBuild());
afterAll(async () => {
  worker?.kill('SIGTERM');
  await worker?.exited;
  await cleanPrefix(prefix);
  redis.disconnect();
});

/** This worker's connections, by the name each carries. */
async function ours(): Promise<string[]> {
  const list = (await redis.call('CLIENT', 'LIST')) as string;
  const blocking = new Set(queues.map((q) => `${prefix}:${Buffer.from(q).toString('base64')}`));
  return list
    .split('\n')
    .map((l) => /(?:^| )name=(\S*)/.exec(l)?.[1] ?? '')
    .filter((n) => n === `task-backend-worker:${name}` || blocking.has(n))
    .sort();
}

describe("tb-gen report's Redis connections per pod", () => {
  it('match what a worker consuming three queues opens', async () => {
    worker = startWorker(['--app', TEST_APP, `--queues=${queues.join(',')}`, '--health-port=0'], {
      TASK_BACKEND_BROKER_URL: REDIS_URL,
      TASK_BACKEND_PREFIX: prefix,
      TASK_BACKEND_WORKER_NAME: name,
    });
    await worker.waitForLog((l) => l.event === 'ready', 'ready');
    const names = await waitUntil(async () => {
      const n = await ours();
      return n.length >= connectionsPerPod(queues.length).perServer ? n : undefined;
    }, 'the worker connections');
    expect(names).toEqual([...queues.map((q) => `${prefix}:${Buffer.from(q).toString('base64')}`), `task-backend-worker:${name}`].sort());
    expect(names).toHaveLength(connectionsPerPod(queues.length).perServer);
  });
});
