// The built binary against the real Redis: exit codes for mistakes, routing of served and unserved
// jobs (refused jobs fail with a reason and stay retrievable), and the process-wide concurrency cap.
import { describe, expect, it } from 'vitest';
import { freePort, httpGet, parseMetrics, runWorker, sampleValue, TEST_APP, waitUntil, workerRig } from '../helpers/worker.js';

const rig = workerRig();
const setup = (label: string) => rig.setup(label);

describe('command line (binary)', () => {
  const cases: Array<[string, string[], Record<string, string>, number, RegExp]> = [
    ['bad flag', ['--tasks'], {}, 2, /--tasks needs a value/],
    [
      'unknown queue',
      [`--app=${TEST_APP}`, '--queues=delta'],
      {},
      2,
      /unknown queue 'delta' in --queues; known queues: alpha, beta, gamma/,
    ],
    ['app registers nothing', ['--app=test/worker/fixtures/empty-app.mjs'], {}, 2, /registered no tasks/],
    ['no app', [], {}, 2, /no task app/],
  ];
  it.each(cases)('%s', async (_l, argv, env, code, message) => {
    const r = await runWorker(argv, env);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('an app that throws on import is a bug: exit 1 with its stack', async () => {
    const r = await runWorker(['--app=test/worker/fixtures/throwing-app.mjs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed to load: boom from the app\nError: boom from the app\n\s+at /);
  });

  it('--list-tasks --json prints the registry', async () => {
    const r = await runWorker([`--app=${TEST_APP}`, '--list-tasks', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'beta_sleep', queue: 'beta' },
      { name: 'echo', queue: 'alpha' },
      { name: 'gamma', queue: 'gamma' },
      { name: 'sleep', queue: 'alpha' },
    ]);
  });
});

describe('routing in a running worker', () => {
  it('runs served tasks; refuses the others on its queue with a reason, without losing them', async () => {
    const { queue, start } = setup('routing');
    const port = await freePort();
    const w = start(['--tasks=echo', `--health-port=${port}`], { TASK_BACKEND_WORKER_NAME: 'w-echo', TASK_BACKEND_WORKER_PROFILE: 'p1' });
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    expect(w.logs.find((l) => l.event === 'routing_warning')?.warning).toMatch(/queue 'alpha' is consumed but task 'sleep'/);
    const alpha = queue('alpha');
    const gamma = queue('gamma');
    const served = await alpha.add('echo', { x: 1 });
    const unserved = await alpha.add('sleep', { ms: 1 });
    const unknown = await alpha.add('no_such_task', {});
    const elsewhere = await gamma.add('gamma', {});
    await waitUntil(
      async () => (await alpha.getJobCounts('completed', 'failed')).failed === 2 && (await alpha.getCompletedCount()) === 1,
      'jobs settled',
    );

    const done = await alpha.getJob(served.id!);
    expect(done?.returnvalue).toEqual({ pid: w.proc.pid, data: { x: 1 } });
    expect(await w.waitForLog((l) => l.event === 'job_completed' && l.jobId === served.id, 'completion')).toMatchObject({
      worker: 'w-echo',
      profile: 'p1',
      task: 'echo',
      queue: 'alpha',
    });
    for (const [job, task] of [
      [unserved, 'sleep'],
      [unknown, 'no_such_task'],
    ] as const) {
      const kept = await alpha.getJob(job.id!);
      expect(await kept?.getState()).toBe('failed');
      expect(kept?.attemptsMade).toBe(1);
      expect(kept?.finishedOn).toBeGreaterThan(0);
      expect(kept?.failedReason).toMatch(
        new RegExp(
          `^refused by worker 'w-echo' \\(profile 'p1', host .+, pid ${w.proc.pid}\\): task '${task}' on queue 'alpha' is not served by this worker \\(serves: echo\\)$`,
        ),
      );
      expect(await w.waitForLog((l) => l.event === 'job_rejected' && l.jobId === job.id, `rejection of ${task}`)).toMatchObject({
        task,
        queue: 'alpha',
        worker: 'w-echo',
      });
    }
    expect(await gamma.getJobState(elsewhere.id!)).toBe('waiting'); // a queue it does not consume is never touched
    const metrics = (await httpGet(port, '/metrics')).body;
    const L = { worker: 'w-echo', profile: 'p1', queue: 'alpha' };
    expect(sampleValue(metrics, 'task_backend_worker_jobs_rejected_total', { ...L, task: 'sleep' })).toBe(1);
    expect(sampleValue(metrics, 'task_backend_worker_jobs_rejected_total', { ...L, task: '(unregistered)' })).toBe(1);
    expect(parseMetrics(metrics).filter((m) => m.labels.task === 'no_such_task')).toEqual([]);
    expect(sampleValue(metrics, 'task_backend_worker_jobs_completed_total', { ...L, task: 'echo' })).toBe(1);
    expect(sampleValue(metrics, 'process_resident_memory_bytes', { worker: 'w-echo', profile: 'p1' })).toBeGreaterThan(0);
    // Every line names the worker and profile, and lines come out in the order they happened.
    expect(w.logs.filter((l) => l.worker !== 'w-echo' || l.profile !== 'p1')).toEqual([]);
    const times = w.logs.map((l) => Date.parse(l.ts as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Retrievable: once a worker that serves it runs, a retry completes the refused job.
    const w2 = start(['--tasks=echo,sleep', '--health-port=0'], { TASK_BACKEND_WORKER_NAME: 'w-both' });
    await w2.waitForLog((l) => l.event === 'ready', 'second worker ready');
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    await (await alpha.getJob(unserved.id!))!.retry();
    await waitUntil(async () => (await alpha.getJobState(unserved.id!)) === 'completed', 'retried job completed');
    expect((await alpha.getJob(unserved.id!))?.returnvalue.pid).toBe(w2.proc.pid);
    expect(await w2.waitForLog((l) => l.event === 'job_completed' && l.jobId === unserved.id, 'retried completion')).toMatchObject({
      worker: 'w-both',
    });
    await Promise.all([alpha.close(), gamma.close()]);
  });
});

describe('metric cardinality', () => {
  it('refused jobs with names the app does not register share one series, task="(unregistered)"', async () => {
    const { queue, start } = setup('cardinality');
    const port = await freePort();
    const w = start(['--tasks=echo', `--health-port=${port}`], { TASK_BACKEND_WORKER_NAME: 'w-card' });
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    const alpha = queue('alpha');
    const names = ['typo_1', 'typo_2', 'Random-Name', 'sleep', 'typo_1'];
    for (const name of names) await alpha.add(name, {});
    await waitUntil(async () => (await alpha.getFailedCount()) === names.length, 'every job refused');
    const samples = parseMetrics((await httpGet(port, '/metrics')).body).filter(
      (m) => m.name === 'task_backend_worker_jobs_rejected_total',
    );
    // Expected: the four unregistered jobs in one series, the registered-but-unserved 'sleep' in its own.
    expect(samples.filter((m) => m.value > 0).map((m) => [m.labels.task, m.labels.queue, m.value])).toEqual([
      ['(unregistered)', 'alpha', 4],
      ['sleep', 'alpha', 1],
    ]);
    expect(samples.map((m) => m.labels.task).sort()).toEqual(['(unregistered)', 'echo', 'sleep']);
    const rejected = () => w.logs.filter((l) => l.event === 'job_rejected').map((l) => l.task);
    await waitUntil(() => rejected().length === names.length, 'a job_rejected line per job');
    expect(rejected()).toEqual(names); // the log keeps each job's own name
  });
});

describe('concurrency', () => {
  it('--concurrency caps jobs in flight across all consumed queues, and queues take turns', async () => {
    const { queue, start } = setup('cap');
    const w = start(['--tasks=sleep,beta_sleep', '--concurrency=2', '--health-port=0']);
    const alpha = queue('alpha');
    const beta = queue('beta');
    await alpha.addBulk(Array.from({ length: 4 }, () => ({ name: 'sleep', data: { ms: 250 } })));
    await beta.addBulk(Array.from({ length: 4 }, () => ({ name: 'beta_sleep', data: { ms: 250 } })));
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    await waitUntil(async () => (await alpha.getCompletedCount()) + (await beta.getCompletedCount()) === 8, '8 completions', 15_000);
    const runs = [...(await alpha.getCompleted()), ...(await beta.getCompleted())].map((j) => ({
      name: j.name,
      ...(j.returnvalue as { start: number; end: number }),
    }));
    const peak = Math.max(...runs.map((r) => runs.filter((o) => o.start < r.end && r.start < o.end && o.start <= r.start).length));
    expect(peak).toBe(2);
    const firstFour = [...runs]
      .sort((a, b) => a.end - b.end)
      .slice(0, 4)
      .map((r) => r.name);
    expect(new Set(firstFour)).toEqual(new Set(['sleep', 'beta_sleep']));
    await Promise.all([alpha.close(), beta.close()]);
  });
});
