// Stopping: SIGTERM drains within --shutdown-timeout and hands unfinished jobs straight back
// (none lost, none completed twice); a second signal exits at once; SIGKILL leaves the job to the
// stall check, which reruns it (short lock/stall timings via the documented tuning env).
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanPrefix,
  freePort,
  httpGet,
  REDIS_URL,
  requireBuild,
  startWorker,
  TEST_APP,
  uniquePrefix,
  waitUntil,
  type WorkerHandle,
} from './helpers.js';

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const prefixes: string[] = [];
const workers: WorkerHandle[] = [];
beforeAll(requireBuild);
afterEach(() => {
  for (const w of workers.splice(0)) w.kill('SIGKILL');
});
afterAll(async () => {
  for (const p of prefixes) await cleanPrefix(p);
  redis.disconnect();
});

function setup(label: string, extra: Record<string, string> = {}) {
  const prefix = uniquePrefix(label);
  prefixes.push(prefix);
  const alpha = new Queue('alpha', { connection: redis, prefix });
  const start = (argv: string[]) => {
    const w = startWorker(['--tasks=sleep', ...argv], {
      TASK_BACKEND_BROKER_URL: REDIS_URL,
      TASK_BACKEND_PREFIX: prefix,
      TASK_BACKEND_APP: TEST_APP,
      ...extra,
    });
    workers.push(w);
    return w;
  };
  return { alpha, start };
}

const completions = (w: WorkerHandle, id: string | undefined) => w.logs.filter((l) => l.event === 'job_completed' && l.jobId === id).length;

describe('SIGTERM', () => {
  it('stops fetching, finishes what fits in the timeout, requeues the rest at once, exits 0', async () => {
    const { alpha, start } = setup('sigterm');
    const port = await freePort();
    const w1 = start(['--concurrency=3', '--shutdown-timeout=1', `--health-port=${port}`]);
    await w1.waitForLog((l) => l.event === 'ready', 'ready');
    const long = await alpha.addBulk([1, 2].map(() => ({ name: 'sleep', data: { ms: 30_000, thenMs: 10 } })));
    const short = await alpha.add('sleep', { ms: 400 });
    await waitUntil(async () => (await alpha.getActiveCount()) === 3, '3 active');
    const queued = await alpha.addBulk([1, 2].map(() => ({ name: 'sleep', data: { ms: 10 } })));

    const t0 = Date.now();
    w1.kill('SIGTERM');
    await waitUntil(async () => (await httpGet(port, '/readyz')).status === 503, 'readyz 503', 300, 10);
    const back = waitUntil(
      async () => {
        const states = await Promise.all(long.map((j) => alpha.getJobState(j.id!)));
        return states.every((s) => s === 'waiting') && Date.now();
      },
      'long jobs back in wait',
      5_000,
      20,
    );
    expect((await w1.exited).code).toBe(0);
    const exitedAt = Date.now();
    expect((await back) - t0).toBeLessThan(1_000 + 1_000); // the deadline, plus at most a second
    expect(exitedAt - t0).toBeLessThan(1_000 + 1_500);

    expect(await alpha.getJobState(short.id!)).toBe('completed');
    for (const j of queued) expect((await alpha.getJob(j.id!))?.attemptsStarted).toBe(0); // never fetched while draining
    expect(
      w1.logs
        .filter((l) => l.event === 'job_requeued')
        .map((l) => l.jobId)
        .sort(),
    ).toEqual(long.map((j) => j.id).sort());
    expect(w1.logs.find((l) => l.event === 'stopped')).toMatchObject({ finishedInTime: false, requeued: 2 });

    const w2 = start(['--concurrency=4', '--health-port=0']);
    await waitUntil(async () => (await alpha.getCompletedCount()) === 5, 'all five completed by the next worker', 10_000);
    const all: Job[] = [...long, short, ...queued];
    await waitUntil(() => all.every((j) => completions(w1, j.id) + completions(w2, j.id) > 0), 'a completion log line per job');
    w2.kill('SIGTERM');
    expect((await w2.exited).code).toBe(0); // its logs are complete now
    for (const j of all) expect(completions(w1, j.id) + completions(w2, j.id), `job ${j.id} completed once`).toBe(1);
    for (const j of long) expect((await alpha.getJob(j.id!))?.returnvalue.pid).toBe(w2.proc.pid);
    expect((await alpha.getJob(short.id!))?.returnvalue.pid).toBe(w1.proc.pid);
    await alpha.close();
  });

  it('with nothing in flight exits 0 promptly', async () => {
    const { alpha, start } = setup('idle');
    const w = start(['--health-port=0']);
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    const t0 = Date.now();
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(w.logs.find((l) => l.event === 'stopped')).toMatchObject({ finishedInTime: true, requeued: 0 });
    await alpha.close();
  });

  it('a second signal exits at once', async () => {
    const { alpha, start } = setup('twice');
    const w = start(['--shutdown-timeout=30', '--health-port=0']);
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    await alpha.add('sleep', { ms: 30_000 });
    await waitUntil(async () => (await alpha.getActiveCount()) === 1, 'active');
    w.kill('SIGTERM');
    await w.waitForLog((l) => l.event === 'draining', 'draining');
    const t0 = Date.now();
    w.kill('SIGINT');
    expect(await w.exited).toEqual({ code: 130, signal: null });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(w.logs.find((l) => l.event === 'shutdown_forced')).toMatchObject({ signal: 'SIGINT', inFlight: 1 });
    await alpha.close();
  });
});

describe('SIGKILL', () => {
  it('the killed job is run again after the stall check, once', async () => {
    const { alpha, start } = setup('sigkill', { TASK_BACKEND_LOCK_DURATION_MS: '1000', TASK_BACKEND_STALLED_INTERVAL_MS: '500' });
    const w1 = start(['--health-port=0']);
    await w1.waitForLog((l) => l.event === 'ready', 'ready');
    const job = await alpha.add('sleep', { ms: 30_000, thenMs: 10 });
    await waitUntil(async () => (await alpha.getActiveCount()) === 1, 'active');
    w1.kill('SIGKILL');
    expect((await w1.exited).signal).toBe('SIGKILL');
    const w2 = start(['--health-port=0']);
    await waitUntil(async () => (await alpha.getJobState(job.id!)) === 'completed', 'rerun completed', 10_000);
    const done = await alpha.getJob(job.id!);
    expect(done?.returnvalue.pid).toBe(w2.proc.pid);
    expect(done?.attemptsStarted).toBe(2);
    await w2.waitForLog((l) => l.event === 'job_completed' && l.jobId === job.id, 'completion logged');
    w2.kill('SIGTERM');
    expect((await w2.exited).code).toBe(0);
    expect(w2.logs.filter((l) => l.event === 'job_stalled').map((l) => l.jobId)).toEqual([job.id]);
    expect(completions(w2, job.id)).toBe(1);
    await alpha.close();
  });
});
