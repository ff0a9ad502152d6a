// Issue 18, the worker's side, against real Redis: whatever a handler throws, its job ends failed
// with a reason saying what was thrown (never left in `active`), with one job_failed line; a
// `throw null` from a timer is logged as fatal and exits 1 without a stack trace of our own.
import { resolve } from 'node:path';
import type { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { REDIS_URL, ROOT, runEnqueue, runWorker, waitUntil, workerRig, type WorkerHandle } from '../helpers/worker.js';

const APP = resolve(ROOT, 'test/worker/fixtures/hostile-app.mjs');
const rig = workerRig();

function worker(queue: string): { w: WorkerHandle; q: Queue } {
  const { queue: q, start } = rig.setup('hostile');
  return { w: start([`--app=${APP}`, `--queues=${queue}`, '--health-port=0']), q: q(queue) };
}

describe('a job whose handler throws anything ends failed, with a reason', () => {
  it.each([
    ['throw_null', 'the handler threw null instead of an Error'],
    ['throw_undefined', 'the handler threw undefined instead of an Error'],
    ['throw_string', 'plain string reason'],
    ['throw_number', 'the handler threw the number 42 instead of an Error'],
    ['throw_object', 'the handler threw {"code":"E_CUSTOM","detail":[1,2]} instead of an Error'],
    ['throw_message_object', 'an object with a message'],
    ['throw_bad_getter', 'a thrown value that cannot be read'],
    ['throw_proxy', 'a thrown value that cannot be read'],
  ])('%s', async (task, reason) => {
    const { w, q } = worker('hostile');
    await w.waitForLog((l) => l.event === 'starting', 'starting');
    const job = await q.add(task, { n: 1 });
    const state = await waitUntil(async () => {
      const s = await q.getJobState(job.id as string);
      return s === 'failed' || s === 'completed' ? s : false;
    }, `job ${task} to settle`);
    expect(state).toBe('failed');
    expect((await q.getJob(job.id as string))?.failedReason).toBe(reason);
    const line = await w.waitForLog((l) => l.event === 'job_failed' && l.jobId === job.id, 'job_failed');
    expect(line).toMatchObject({ task, error: reason, retrying: false });
  });
});

describe('the fatal handler survives what it reports', () => {
  it('throw null from a timer: one fatal line, exit 1, no Node stack trace', async () => {
    const { w, q } = worker('fatal');
    await w.waitForLog((l) => l.event === 'starting', 'starting');
    await q.add('timer_null', {});
    const exit = await w.exited;
    expect(exit.code).toBe(1);
    expect(w.logs.filter((l) => l.event === 'fatal')).toEqual([
      expect.objectContaining({ error: 'the handler threw null instead of an Error' }),
    ]);
    expect(w.stderr()).toBe('');
  });
});

describe('names and URLs a worker or producer is given', () => {
  it('--profile=constructor is an unknown profile, not every task', async () => {
    const r = await runWorker([`--app=${APP}`, '--profile=constructor', '--profiles-file=test/worker/fixtures/worker-profiles.yaml'], {
      TASK_BACKEND_BROKER_URL: REDIS_URL,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^task-backend-worker: error: unknown profile 'constructor' in test\/worker\/fixtures\/worker-profiles.yaml; known profiles: /,
    );
  });

  it.each([
    ['rediss://u:p@ss/w0rd-tail@h/0', 'w0rd-tail'],
    ['redis://user:se/cret-tail@h:6379/0', 'cret-tail'],
  ])("a password holding / (%s) is hidden in the worker's and the producer's refusal", async (url, tail) => {
    const r = await runWorker([`--app=${APP}`], { TASK_BACKEND_BROKER_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('TASK_BACKEND_BROKER_URL');
    expect(r.stderr).not.toContain(tail);
    const p = await runEnqueue(['echo', '{}'], { TASK_BACKEND_BROKER_URL: url });
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('TASK_BACKEND_BROKER_URL');
    expect(p.stderr).not.toContain(tail);
  });
});
