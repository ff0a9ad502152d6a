// Node sends Celery protocol 2 messages (task-backend-enqueue --backend=celery and enqueue() with
// TASK_BACKEND_TYPE=celery): a real Python Celery worker executes them, and so does the Node worker.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearRegistry, registerTask } from '../../../src/producer/registry.js';
import { closeEnqueue, enqueue } from '../../../src/producer/enqueue.js';
import { runEnqueue, waitUntil } from '../../helpers/worker.js';
import { celeryRig, FIXTURES, NODE_APP, py, startNode, startPyWorker } from './helpers.js';

const rig = celeryRig();
const { workers, pys } = rig;

/** Run task-backend-enqueue on the rig's broker; resolves with its exit code and parsed stdout line. */
async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: Record<string, unknown>; err: string }> {
  const r = await runEnqueue(args, { TASK_BACKEND_BROKER_URL: rig.r.broker, ...env });
  return { code: r.code, out: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {}, err: r.stderr };
}
const catalogue = ['--backend=celery', `--catalogue=${resolve(FIXTURES, 'catalogue.yaml')}`];

describe('Node sends, Python Celery serves', { timeout: 120_000 }, () => {
  it('task-backend-enqueue --backend=celery: positional args, kwargs, the task id printed', async () => {
    const p = startPyWorker(rig.r, ['pyq']);
    pys.push(p);
    await p.ready;
    const add = await cli(['add', '{}', ...catalogue, '--opts', '{"args":[20,22]}']);
    expect(add).toMatchObject({ code: 0, out: { event: 'enqueued', backend: 'celery', task: 'add', queue: 'pyq' } });
    expect(await py(rig.r, { get: add.out.jobId })).toEqual({ ok: true, value: 42 });
    const echo = await cli(['echo', '{"k":"v"}', ...catalogue, '--opts', '{"args":[1],"jobId":"fixed-id-1"}']);
    expect(echo.out.jobId).toBe('fixed-id-1');
    expect(await py(rig.r, { get: 'fixed-id-1' })).toMatchObject({ ok: true, value: { args: [1], kwargs: { k: 'v' } } });
  });

  it('enqueue() with TASK_BACKEND_TYPE=celery sends what Python runs, ETA included', async () => {
    const p = startPyWorker(rig.r, ['pyq']);
    pys.push(p);
    clearRegistry();
    registerTask({ name: 'slow', queue: 'pyq', handler: () => 'never run here' });
    const saved = { ...process.env };
    Object.assign(process.env, { TASK_BACKEND_TYPE: 'celery', TASK_BACKEND_BROKER_URL: rig.r.broker });
    try {
      const before = Date.now();
      const sent = await enqueue('slow', { ms: 1 }, { delay: 2_000 });
      expect(sent).toMatchObject({ name: 'slow', queueName: 'pyq' });
      await p.ready;
      const got = (await py(rig.r, { get: sent.id, timeout: 20 })) as { ok: boolean; value: { at: number; by: string } };
      expect(got).toMatchObject({ ok: true, value: { by: 'python' } });
      expect(got.value.at).toBeGreaterThanOrEqual(before + 2_000);
    } finally {
      await closeEnqueue();
      process.env = saved;
      clearRegistry();
    }
  });
});

describe('Node sends, the Node worker serves', { timeout: 120_000 }, () => {
  it('routes by the app (--app) and honours priority 0-9 as kombu does', async () => {
    const ids: Record<number, string> = {};
    for (const priority of [9, 0, 4]) {
      const sent = await cli([
        'echo',
        `{"p":${priority}}`,
        '--backend=celery',
        `--app=${NODE_APP}`,
        '--opts',
        JSON.stringify({ priority }),
      ]);
      expect(sent.code).toBe(0);
      ids[priority] = sent.out.jobId as string;
    }
    const w = startNode(rig.r, ['--concurrency=1']);
    workers.push(w);
    await waitUntil(() => w.logs.filter((l) => l.event === 'job_completed').length === 3, 'three completions', 15_000);
    expect(w.logs.filter((l) => l.event === 'job_completed').map((l) => l.jobId)).toEqual([ids[0], ids[4], ids[9]]);
  });

  it('refuses bad celery options and data as usage errors (exit 2) before connecting', async () => {
    for (const [args, msg] of [
      [['add', '{}', ...catalogue, '--opts', '{"priority":12}'], /--opts priority: expected a whole number from 0 to 9/],
      [['add', '{}', ...catalogue, '--opts', '{"attempts":3}'], /--opts attempts: not a celery option/],
      [['add', '[1,2]', ...catalogue], /DATA are the keyword arguments/],
      [['nope', '{}', ...catalogue], /unknown task 'nope'/],
    ] as const) {
      const res = await cli([...args], { TASK_BACKEND_BROKER_URL: 'redis://127.0.0.1:1/0' });
      expect(res.code, res.err).toBe(2);
      expect(res.err).toMatch(msg);
    }
  });
});
