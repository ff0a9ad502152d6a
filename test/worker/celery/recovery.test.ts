// Losing a worker, with real Python Celery on the other side: SIGTERM drains, then hands unfinished
// messages back at once; kill -9 of the Node worker is recovered by a Python worker from kombu's
// `unacked` records, and the reverse; a task longer than the visibility timeout runs once while
// its Node worker lives (its score is kept fresh), even with a second Node worker restoring.
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../helpers/worker.js';
import { celeryRig, py, startNode, startPyWorker, stopProcess } from './helpers.js';

const rig = celeryRig();
const { workers, pys } = rig;

const node = async (argv: string[] = []) => {
  const w = startNode(rig.r, argv);
  workers.push(w);
  await w.waitForLog((l) => l.event === 'ready', 'ready');
  return w;
};
const python = async (queues: string[], visibility?: number) => {
  const p = startPyWorker(rig.r, queues, { visibility });
  pys.push(p);
  await p.ready;
  return p;
};
const send = async (s: Record<string, unknown>) => (await py(rig.r, { send: s })).id;
const get = (id: string, timeout = 20) => py(rig.r, { get: id, timeout });
const unacked = () => rig.r.client.hlen('unacked');

describe('SIGTERM', { timeout: 120_000 }, () => {
  it('lets a running task finish within --shutdown-timeout, stores its result, acks it, exits 0', async () => {
    const w = await node(['--shutdown-timeout=20']);
    const id = await send({ task: 'slow', queue: 'slowq', kwargs: { ms: 1500 } });
    await waitUntil(async () => (await unacked()) === 1, 'the task fetched');
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(await get(id, 5)).toMatchObject({ ok: true });
    expect(await unacked()).toBe(0);
    expect(await rig.r.client.llen('slowq')).toBe(0);
  });

  it('hands an unfinished task back at the deadline: 0 lost, run once more by the next worker', async () => {
    const w = await node(['--shutdown-timeout=1']);
    const id = await send({ task: 'slow', queue: 'slowq', kwargs: { ms: 6000 } });
    await waitUntil(async () => (await unacked()) === 1, 'the task fetched');
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(w.logs.find((l) => l.event === 'stopped')).toMatchObject({ finishedInTime: false, requeued: 1 });
    expect(await unacked()).toBe(0);
    expect(await rig.r.client.llen('slowq')).toBe(1);
    expect(w.logs.some((l) => l.event === 'job_completed')).toBe(false);
    await python(['slowq']); // a Python worker takes it, as if it had never been fetched
    expect(await get(id)).toMatchObject({ ok: true, value: { by: 'python' } });
  });
});

describe('kill -9', { timeout: 120_000 }, () => {
  it('of the Node worker: a Python worker restores the message from unacked and runs it', async () => {
    const w = await node();
    const id = await send({ task: 'slow', queue: 'slowq', kwargs: { ms: 5000 } });
    await waitUntil(async () => (await unacked()) === 1, 'the task fetched');
    w.kill('SIGKILL');
    await w.exited;
    await new Promise((res) => setTimeout(res, 2_100)); // older than the Python worker's visibility timeout
    await python(['slowq'], 2);
    expect(await get(id, 30)).toMatchObject({ ok: true, value: { by: 'python' } });
  });

  it('of a Python worker (acks_late): the Node worker restores it after --visibility-timeout and runs it', async () => {
    const p = await python(['slowq']);
    const id = await send({ task: 'slow', queue: 'slowq', kwargs: { ms: 8000 } });
    await waitUntil(async () => (await unacked()) === 1, 'the task fetched by Python');
    await stopProcess(p.proc, 'SIGKILL');
    const w = await node(['--visibility-timeout=2']);
    const done = (await get(id, 30)) as { ok: boolean; value: { pid: number } };
    expect(done.ok).toBe(true);
    expect(done.value.pid).toBe(w.proc.pid);
    expect(w.logs.some((l) => l.event === 'messages_restored')).toBe(true);
  });
});

describe('a task longer than the visibility timeout', { timeout: 120_000 }, () => {
  it('runs once while its worker lives, though another worker restores stale messages meanwhile', async () => {
    const a = await node(['--visibility-timeout=1', '--queues=slowq', '--tasks=slow']);
    const id = await send({ task: 'slow', queue: 'slowq', kwargs: { ms: 4000 } });
    await waitUntil(async () => (await unacked()) === 1, 'the task fetched');
    const b = await node(['--visibility-timeout=1', '--queues=slowq', '--tasks=slow']);
    expect(await get(id, 30)).toMatchObject({ ok: true });
    await new Promise((res) => setTimeout(res, 1_500)); // b's restore pass runs every 0.5 s
    const runs = [...a.logs, ...b.logs].filter((l) => l.event === 'job_completed' && l.jobId === id);
    expect(runs).toHaveLength(1);
    expect(b.logs.some((l) => l.event === 'message_restored')).toBe(false);
  });
});
