// Redis unreachable at start, then up, then gone, then back, on a private redis-server: the worker
// never exits, logs every attempt, and its health endpoints follow each state.
import { spawn, type ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/worker/connection.js';
import { freePort, httpGet, portOpen, requireBuild, startWorker, TEST_APP, waitUntil, type WorkerHandle } from '../helpers/worker.js';

/** Seconds of slack for a loaded machine; what each bound guards against costs far more (see each). */
const SLACK_MS = 10_000;
/** The longest wait between two connection attempts (backoffMs' cap): Redis coming back is seen within it. */
const BACKOFF_CAP_MS = backoffMs(100);

let redisPort = 0;
let server: ChildProcess | undefined;
let worker: WorkerHandle | undefined;
beforeAll(async () => {
  requireBuild();
  redisPort = await freePort();
});
afterAll(() => {
  worker?.kill('SIGKILL');
  server?.kill('SIGKILL');
});

async function startRedis(): Promise<void> {
  server = spawn('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitUntil(() => portOpen(redisPort), 'private redis-server up');
}

async function stopRedis(): Promise<void> {
  const s = server;
  s?.kill('SIGKILL');
  if (s) await new Promise((r) => (s.exitCode !== null || s.signalCode !== null ? r(null) : s.once('exit', r)));
  server = undefined;
}

const probe = async (port: number) => ({ live: (await httpGet(port, '/livez')).status, ready: await httpGet(port, '/readyz') });
const gauge = async (port: number, name: string) =>
  Number(
    / (\d+)$/m.exec(
      (await httpGet(port, '/metrics')).body.split('\n').find((l) => l.startsWith(`task_backend_worker_${name}{`)) ?? '',
    )?.[1],
  );

describe('Redis outages', () => {
  it('waits for Redis, serves, survives losing it, recovers, and reports each state', async () => {
    const health = await freePort();
    worker = startWorker(['--tasks=echo', `--health-port=${health}`], {
      TASK_BACKEND_BROKER_URL: `redis://127.0.0.1:${redisPort}`,
      TASK_BACKEND_APP: TEST_APP,
    });

    // 1. Redis not there yet: alive, not ready, one log line per attempt, no exit.
    await worker.waitForLog((l) => l.event === 'redis_unavailable' && l.attempt === 3, 'three attempts');
    const attempts = worker.logs.filter((l) => l.event === 'redis_unavailable');
    expect(attempts.map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(attempts.map((l) => l.retryInMs)).toEqual([200, 400, 800]);
    expect(attempts[0]?.error).toMatch(/ECONNREFUSED/);
    let p = await probe(health);
    expect(p.live).toBe(200);
    expect(p.ready.status).toBe(503);
    expect(JSON.parse(p.ready.body).reasons).toEqual(['phase is connecting', 'redis not connected']);
    expect(await gauge(health, 'redis_connected')).toBe(0);
    expect(worker.proc.exitCode).toBeNull();

    // 2. Redis comes up: ready, and jobs run.
    await startRedis();
    await waitUntil(async () => (await httpGet(health, '/readyz')).status === 200, 'ready once Redis is up', BACKOFF_CAP_MS + SLACK_MS);
    const client = new Redis({ port: redisPort, maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    const alpha = new Queue('alpha', { connection: client });
    alpha.on('error', () => undefined);
    const first = await alpha.add('echo', { n: 1 });
    await waitUntil(async () => (await alpha.getJobState(first.id!)) === 'completed', 'first job completed');
    expect(await gauge(health, 'ready')).toBe(1);

    // 3. Redis goes away: not ready (still alive), the process stays up.
    await stopRedis();
    await waitUntil(async () => (await httpGet(health, '/readyz')).status === 503, 'not ready without Redis', SLACK_MS);
    p = await probe(health);
    expect(JSON.parse(p.ready.body).reasons).toContain('redis not connected');
    expect(p.live).toBe(200);
    await worker.waitForLog((l) => l.event === 'redis_disconnected', 'disconnect logged');

    // 4. Redis is back (empty: no persistence): ready again and consuming again.
    await startRedis();
    await waitUntil(async () => (await httpGet(health, '/readyz')).status === 200, 'ready again', BACKOFF_CAP_MS + SLACK_MS);
    const second = await alpha.add('echo', { n: 2 });
    await waitUntil(async () => (await alpha.getJobState(second.id!)) === 'completed', 'job after recovery completed', 10_000);
    expect(worker.proc.exitCode).toBeNull();
    expect(worker.stderr()).toBe('');

    await alpha.close();
    client.disconnect();
    worker.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });

  // At once: not after the 60 s --shutdown-timeout, nor never (a start() that does not give up on Redis).
  it('SIGTERM while still waiting for Redis exits 0 at once', async () => {
    const w = startWorker(['--tasks=echo', '--health-port=0', '--shutdown-timeout=60'], {
      TASK_BACKEND_BROKER_URL: `redis://127.0.0.1:${await freePort()}`,
      TASK_BACKEND_APP: TEST_APP,
    });
    await w.waitForLog((l) => l.event === 'redis_unavailable', 'an attempt');
    const t0 = Date.now();
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(SLACK_MS);
    expect(w.logs.map((l) => l.event)).not.toContain('ready');
    expect(w.logs.at(-1)).toMatchObject({ event: 'stopped', requeued: 0 });
  });
});
