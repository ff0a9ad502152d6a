// Stopping: SIGTERM drains within --shutdown-timeout and hands unfinished jobs straight back
// (none lost, none completed twice); a second signal exits at once; SIGKILL leaves the job to the
// stall check, which reruns it (short lock/stall timings via the documented tuning env).
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { freePort, httpGet, waitUntil, workerRig, type WorkerHandle } from '../helpers/worker.js';

const rig = workerRig();

// Bounds in this file leave seconds of slack for a loaded machine, and stay well below what each
// bug would cost: a drain that waits for unfinished jobs (30 s), the stall check (a 30 s lock), or
// the --shutdown-timeout that nothing in flight should have to wait for (60 s).
const SLACK_MS = 10_000;

function setup(label: string, extra: Record<string, string> = {}) {
  const { queue, start } = rig.setup(label, extra);
  return { alpha: queue('alpha'), start: (argv: string[]) => start(['--tasks=sleep', ...argv]) };
}

const completions = (w: WorkerHandle, id: string | undefined) => w.logs.filter((l) => l.event === 'job_completed' && l.jobId === id).length;

describe('SIGTERM', () => {
  it('stops fetching, finishes what fits in the timeout, requeues the rest at once, exits 0', async () => {
    const { alpha, start } = setup('sigterm');
    const port = await freePort();
    const deadlineMs = 3_000; // --shutdown-timeout: the 400 ms job fits, the 30 s ones do not
    const w1 = start(['--concurrency=3', `--shutdown-timeout=${deadlineMs / 1000}`, `--health-port=${port}`]);
    await w1.waitForLog((l) => l.event === 'ready', 'ready');
    const long = await alpha.addBulk([1, 2].map(() => ({ name: 'sleep', data: { ms: 30_000, thenMs: 10 } })));
    const short = await alpha.add('sleep', { ms: 400 });
    await waitUntil(async () => (await alpha.getActiveCount()) === 3, '3 active');
    const queued = await alpha.addBulk([1, 2].map(() => ({ name: 'sleep', data: { ms: 10 } })));

    const t0 = Date.now();
    w1.kill('SIGTERM');
    // Not ready while draining: the first answer other than 200 is a 503, not the closed port of an exited process.
    const notReady = await waitUntil(
      async () => {
        const r = await httpGet(port, '/readyz');
        return r.status !== 200 && r;
      },
      'readyz not 200',
      SLACK_MS,
      10,
    );
    expect(notReady.status).toBe(503);
    const back = waitUntil(
      async () => {
        const states = await Promise.all(long.map((j) => alpha.getJobState(j.id!)));
        return states.every((s) => s === 'waiting') && Date.now();
      },
      'long jobs back in wait',
      deadlineMs + SLACK_MS,
      20,
    );
    expect((await w1.exited).code).toBe(0);
    const exitedAt = Date.now();
    // Handed back at the deadline: not before it, and not left to the stall check after it.
    expect((await back) - t0).toBeGreaterThanOrEqual(deadlineMs);
    expect((await back) - t0).toBeLessThan(deadlineMs + SLACK_MS);
    expect(exitedAt - t0).toBeLessThan(deadlineMs + SLACK_MS);

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
    const w = start(['--shutdown-timeout=60', '--health-port=0']);
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    const t0 = Date.now();
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(SLACK_MS); // not the 60 s timeout: nothing to wait for
    expect(w.logs.find((l) => l.event === 'stopped')).toMatchObject({ finishedInTime: true, requeued: 0 });
    await alpha.close();
  });

  it('a second signal exits at once', async () => {
    const { alpha, start } = setup('twice');
    const w = start(['--shutdown-timeout=60', '--health-port=0']);
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    await alpha.add('sleep', { ms: 60_000 });
    await waitUntil(async () => (await alpha.getActiveCount()) === 1, 'active');
    w.kill('SIGTERM');
    await w.waitForLog((l) => l.event === 'draining', 'draining');
    const t0 = Date.now();
    w.kill('SIGINT');
    expect(await w.exited).toEqual({ code: 130, signal: null });
    expect(Date.now() - t0).toBeLessThan(SLACK_MS); // not the drain of a 60 s job
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
