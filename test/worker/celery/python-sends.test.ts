// Python Celery sends (send_task), the Node worker serves, Python reads back with AsyncResult.get():
// positional and keyword arguments, values and re-raised exceptions, kombu's priority order,
// unserved tasks kept and reported, ETA without a blocked slot, expires, the concurrency bound.
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../helpers/worker.js';
import { celeryRig, py, startNode } from './helpers.js';

const rig = celeryRig();
const { workers } = rig;

const node = async (argv: string[] = []) => {
  const w = startNode(rig.r, argv);
  workers.push(w);
  await w.waitForLog((l) => l.event === 'ready', 'ready');
  return w;
};
const send = async (s: Record<string, unknown>) => (await py(rig.r, { send: s })).id;
const get = (id: string, timeout = 30) => py(rig.r, { get: id, timeout });

describe('Python sends, the Node worker serves', { timeout: 120_000 }, () => {
  it('passes positional args as ctx.args and kwargs as data; returns values and re-raises TypeError by name', async () => {
    await node();
    const add = await send({ task: 'add', queue: 'nodeq', args: [2, 40] });
    const echo = await send({ task: 'echo', queue: 'nodeq', args: [1, 'two'], kwargs: { k: [1, 2], s: 'x' } });
    const boom = await send({ task: 'boom', queue: 'nodeq' });
    expect(await get(add)).toEqual({ ok: true, value: 42 });
    expect(await get(echo)).toMatchObject({ ok: true, value: { args: [1, 'two'], kwargs: { k: [1, 2], s: 'x' }, id: echo } });
    expect(await get(boom)).toMatchObject({ ok: false, type: 'TypeError', module: 'builtins', message: 'boom: bad input' });
    expect(await rig.r.client.hlen('unacked')).toBe(0); // every message acknowledged after its result
  });

  it('serves kombu priority lists lower number first (0-2, then 3-5, 6-8, 9), FIFO within one', async () => {
    const sent: { priority: number; id: string }[] = [];
    for (const priority of [9, 5, 0, 7, 1])
      sent.push({ priority, id: await send({ task: 'echo', queue: 'nodeq', kwargs: { priority }, priority }) });
    expect(await rig.r.client.llen('nodeq\x06\x169')).toBe(1);
    const w = await node(['--concurrency=1']);
    await waitUntil(() => w.logs.filter((l) => l.event === 'job_completed').length === 5, 'five completions', 20_000);
    const order = w.logs.filter((l) => l.event === 'job_completed').map((l) => sent.find((s) => s.id === l.jobId)?.priority);
    expect(order).toEqual([0, 1, 5, 7, 9]);
  });

  it('keeps an unserved task in a documented list; get() raises NotRegistered naming the worker, at once', async () => {
    const w = await node(['--exclude-tasks=excluded']);
    const unknown = await send({ task: 'no_such_task', queue: 'nodeq' });
    const excluded = await send({ task: 'excluded', queue: 'nodeq', kwargs: { a: 1 } });
    for (const [id, task] of [
      [unknown, 'no_such_task'],
      [excluded, 'excluded'],
    ] as const) {
      const got = await get(id, 10);
      expect(got).toMatchObject({ ok: false, type: 'NotRegistered', module: 'celery.exceptions' });
      expect(got.message).toContain(`task '${task}' on queue 'nodeq' is not served by this worker`);
      expect(got.message).toContain("worker 'celery-node-test'");
      expect(got.message).toContain("kept in '_task_backend.unserved.nodeq'");
    }
    const kept = await rig.r.client.lrange('_task_backend.unserved.nodeq', 0, -1);
    expect(kept.map((m) => (JSON.parse(m) as { headers: { id: string } }).headers.id)).toEqual([unknown, excluded]);
    expect(w.logs.filter((l) => l.event === 'job_rejected').map((l) => l.task)).toEqual(['no_such_task', 'excluded']);
    // An operator moves one back once routing is fixed; a worker that serves it runs it.
    w.kill('SIGTERM');
    await w.exited;
    await rig.r.client.rpoplpush('_task_backend.unserved.nodeq', 'nodeq');
    const fixed = await node();
    await fixed.waitForLog((l) => l.event === 'job_completed' && l.jobId === excluded, 'the moved message run');
    expect(await get(excluded)).toEqual({ ok: true, value: 'should not run here' });
  });

  it('holds an ETA task without its slot: a later task runs first, the ETA one not before its time', async () => {
    const w = await node(['--concurrency=1']);
    const before = Date.now();
    const eta = await send({ task: 'slow', queue: 'slowq', kwargs: { ms: 10 }, countdown: 3 });
    await waitUntil(
      () => w.logs.some((l) => l.event === 'ready') && rig.r.client.hlen('unacked').then((n) => n === 1),
      'the ETA message held',
    );
    const now = await send({ task: 'add', queue: 'nodeq', args: [1, 1] });
    expect(await get(now)).toEqual({ ok: true, value: 2 });
    const late = (await get(eta)) as { ok: boolean; value: { at: number } };
    expect(late.ok).toBe(true);
    expect(late.value.at).toBeGreaterThanOrEqual(before + 3_000);
    // The result is stored before the line is logged: wait for the line, then check the order.
    await w.waitForLog((l) => l.event === 'job_completed' && l.task === 'slow', 'the ETA task logged');
    const done = w.logs.filter((l) => l.event === 'job_completed').map((l) => l.task);
    expect(done).toEqual(['add', 'slow']);
  });

  it('revokes an expired task (TaskRevokedError in Python) without running it', async () => {
    const id = await send({ task: 'add', queue: 'nodeq', args: [1, 2], expires: 1 });
    await new Promise((res) => setTimeout(res, 1_500));
    const w = await node();
    expect(await get(id)).toMatchObject({ ok: false, type: 'TaskRevokedError', message: 'expired' });
    expect(w.logs.some((l) => l.event === 'job_expired' && l.jobId === id)).toBe(true);
    expect(w.logs.some((l) => l.event === 'job_completed')).toBe(false);
  });

  it('never runs or holds more tasks than --concurrency', async () => {
    const { ids } = await py(rig.r, { many: Array.from({ length: 9 }, () => ({ task: 'slow', queue: 'slowq', kwargs: { ms: 400 } })) });
    const w = await node(['--concurrency=3']);
    let heldMax = 0;
    await waitUntil(
      async () => {
        heldMax = Math.max(heldMax, await rig.r.client.hlen('unacked'));
        return w.logs.filter((l) => l.event === 'job_completed').length === 9;
      },
      'nine completions',
      20_000,
      10,
    );
    expect(heldMax).toBeLessThanOrEqual(3);
    expect(heldMax).toBeGreaterThan(0);
    const backend = rig.r.client.duplicate({ db: 1 });
    const metas = await Promise.all(ids.map((id) => backend.get(`celery-task-meta-${id}`)));
    backend.disconnect();
    const peaks = metas.map((m) => (JSON.parse(m as string) as { result: { peak: number } }).result.peak);
    expect(Math.max(...peaks)).toBe(3); // three ran at once, never four
  });
});
