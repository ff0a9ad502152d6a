// ACL users on a real redis-server: a user limited to the queue's keys (~prefix:* plus INFO, which
// BullMQ reads) runs the worker and the producer; a user without rights on those keys gets one
// clear error naming the ACL to grant, stays alive and not ready, and starts once it is granted.
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer } from '../../src/producer/producer.js';
import { aclRule } from '../../src/worker/bullmq/preflight.js';
import { freePort, httpGet, requireBuild, ROOT, startWorker, waitUntil, type WorkerHandle } from '../helpers/worker.js';
import { admin, startServer, stopAll, workDir, type Server } from './servers.js';

const APP = join(ROOT, 'test/redis/fixtures/app.mjs');
const CATALOGUE = join(ROOT, 'test/redis/fixtures/tasks.yaml');
const PREFIX = 'acl';
let server: Server;
let root: Redis;
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  requireBuild();
  server = await startServer(workDir('acl'), []);
  root = admin(server.port);
  // The rule the worker's hint names, written out here as an operator would type it.
  await root.call('ACL', 'SETUSER', 'jobs', 'on', '>jobs-pw', '~acl:*', '+@all', '-@dangerous', '+info');
  await root.call('ACL', 'SETUSER', 'other', 'on', '>other-pw', '~elsewhere:*', '+@all', '-@dangerous', '+info');
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  root?.disconnect();
  await stopAll();
});

const env = (userinfo: string) => ({
  TASK_BACKEND_BROKER_URL: `redis://${userinfo}@127.0.0.1:${server.port}`,
  TASK_BACKEND_APP: APP,
  TASK_BACKEND_PREFIX: PREFIX,
});

async function worker(userinfo: string): Promise<{ w: WorkerHandle; health: number }> {
  const health = await freePort();
  const w = startWorker(['--tasks=record', `--health-port=${health}`], env(userinfo));
  workers.push(w);
  return { w, health };
}

describe('ACL users', () => {
  it('the hint names the same rule this test grants', () => {
    expect(aclRule(PREFIX)).toBe('~acl:* +@all -@dangerous +info');
  });

  it('a user limited to ~acl:* runs the worker and the producer', async () => {
    const { w } = await worker('jobs:jobs-pw');
    await w.waitForLog((l) => l.event === 'ready', 'ready as the limited user');
    const producer = createProducer({ catalogue: CATALOGUE, prefix: PREFIX, env: env('jobs:jobs-pw'), log: false, timeoutMs: 5_000 });
    const job = await producer.enqueue('record', {});
    await w.waitForLog((l) => l.event === 'job_completed' && l.jobId === job.id, 'job completed');
    await producer.close();
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
  });

  it('a user without rights on the keys: one clear error, alive, not ready, no loop; ready once granted', async () => {
    const { w, health } = await worker('other:other-pw');
    const line = await w.waitForLog((l) => l.event === 'redis_permission_denied', 'permission denied');
    expect(line.error).toMatch(/^HGET acl:jobs:meta: NOPERM/);
    expect(line.hint).toMatch(/grant the Redis user ~acl:\* \+@all -@dangerous \+info/);
    const ready = await httpGet(health, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).reasons).toContain(`redis refuses this user: ${String(line.error)}`);
    expect(w.logs.filter((l) => l.event === 'worker_error')).toEqual([]); // no tight loop of failed fetches
    expect(w.proc.exitCode).toBeNull();
    await root.call('ACL', 'SETUSER', 'other', '~acl:*');
    await w.waitForLog((l) => l.event === 'ready', 'ready after the grant', 15_000);
    expect(w.logs.filter((l) => l.event === 'redis_permission_denied')).toHaveLength(1);
  });

  it('a wrong password: retried with a hint naming the URL, not an exit', async () => {
    const { w } = await worker('jobs:wrong');
    const line = await w.waitForLog((l) => l.event === 'redis_unavailable' && l.attempt === 2, 'two refused attempts');
    expect(line.error).toMatch(/WRONGPASS/);
    expect(line.hint).toMatch(/check the user and password in TASK_BACKEND_BROKER_URL/);
    expect(line.url).toBe(`redis://jobs:***@127.0.0.1:${server.port}`);
    await waitUntil(() => w.proc.exitCode === null, 'still running');
  });
});
