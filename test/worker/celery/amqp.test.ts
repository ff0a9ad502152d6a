// Celery over RabbitMQ (127.0.0.1:5672, a vhost of this file's own): Python sends and the Node
// worker serves, Node sends and Python serves, prefetch bounded by --concurrency, a SIGTERM
// hand-back the next worker runs, and an unserved task parked in its own queue.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { connect } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENQUEUE_BIN, requireBuild, ROOT, waitUntil, type WorkerHandle } from '../../helpers/worker.js';
import { py, startNode, startPyWorker, startRedis, stopProcess, type PrivateRedis, type PyWorker } from './helpers.js';

const VHOST = `celery-node-${randomBytes(3).toString('hex')}`;
const AMQP = `amqp://guest:guest@127.0.0.1:5672/${VHOST}`;
let redis: PrivateRedis;
let r: { broker: string; backend: string };
const workers: WorkerHandle[] = [];
const pys: PyWorker[] = [];
const ctl = (...args: string[]) => execFileSync('rabbitmqctl', args, { stdio: 'ignore' });
beforeAll(async () => {
  requireBuild();
  redis = await startRedis();
  r = { broker: AMQP, backend: redis.backend };
  ctl('add_vhost', VHOST);
  ctl('set_permissions', '-p', VHOST, 'guest', '.*', '.*', '.*');
}, 60_000);
afterEach(async () => {
  for (const w of workers.splice(0)) {
    w.kill('SIGKILL');
    await w.exited;
  }
  for (const p of pys.splice(0)) await stopProcess(p.proc, 'SIGKILL');
});
afterAll(async () => {
  ctl('delete_vhost', VHOST);
  await redis?.stop();
}, 60_000);

const node = async (argv: string[] = []) => {
  const w = startNode(r, argv);
  workers.push(w);
  await w.waitForLog((l) => l.event === 'ready', 'ready', 20_000);
  return w;
};
const send = async (s: Record<string, unknown>) => (await py(r, { send: s })).id;
const count = async (queue: string) => {
  const conn = await connect(AMQP);
  try {
    return (await (await conn.createChannel()).checkQueue(queue)).messageCount;
  } finally {
    await conn.close();
  }
};

describe('Celery over AMQP', { timeout: 120_000 }, () => {
  it('Python sends, Node serves: values, args and a TypeError read back by AsyncResult.get()', async () => {
    await node();
    const add = await send({ task: 'add', queue: 'nodeq', args: [3, 4] });
    const boom = await send({ task: 'boom', queue: 'nodeq' });
    expect(await py(r, { get: add, timeout: 30 })).toEqual({ ok: true, value: 7 });
    expect(await py(r, { get: boom, timeout: 30 })).toMatchObject({ ok: false, type: 'TypeError', message: 'boom: bad input' });
  });

  it('Node sends (task-backend-enqueue --backend=celery), Python serves', async () => {
    const p = startPyWorker(r, ['pyq']);
    pys.push(p);
    const out = execFileSync(
      process.execPath,
      [
        ENQUEUE_BIN,
        'add',
        '{}',
        '--backend=celery',
        `--catalogue=${resolve(ROOT, 'test/worker/celery/fixtures/catalogue.yaml')}`,
        '--opts={"args":[40,2]}',
      ],
      { env: { PATH: process.env.PATH ?? '', TASK_BACKEND_BROKER_URL: AMQP }, encoding: 'utf8' },
    );
    const id = (JSON.parse(out) as { jobId: string }).jobId;
    await p.ready;
    expect(await py(r, { get: id, timeout: 20 })).toEqual({ ok: true, value: 42 });
  });

  it('holds at most --concurrency messages (prefetch) and runs at most that many at once', async () => {
    const { ids } = await py(r, { many: Array.from({ length: 6 }, () => ({ task: 'slow', queue: 'slowq', kwargs: { ms: 500 } })) });
    const w = await node(['--concurrency=2']);
    await waitUntil(() => w.logs.filter((l) => l.event === 'job_completed').length === 6, 'six completions', 20_000);
    const peaks = await Promise.all(ids.map(async (id) => ((await py(r, { get: id })).value as { peak: number }).peak));
    expect(Math.max(...peaks)).toBe(2);
  });

  it('SIGTERM past --shutdown-timeout hands the message back; the next worker runs it', async () => {
    const w = await node(['--shutdown-timeout=1']);
    const id = await send({ task: 'slow', queue: 'slowq', kwargs: { ms: 5000 } });
    await waitUntil(() => w.logs.length > 0 && count('slowq').then((n) => n === 0), 'the message taken');
    await new Promise((res) => setTimeout(res, 300));
    w.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(w.logs.find((l) => l.event === 'stopped')).toMatchObject({ finishedInTime: false, requeued: 1 });
    await waitUntil(async () => (await count('slowq')) === 1, 'the message back in slowq');
    const next = await node();
    expect(await py(r, { get: id, timeout: 20 })).toMatchObject({ ok: true, value: { pid: next.proc.pid } });
  });

  it('parks an unserved task in _task_backend.unserved.<queue>; get() raises NotRegistered', async () => {
    await node(['--exclude-tasks=excluded']);
    const id = await send({ task: 'excluded', queue: 'nodeq' });
    const got = await py(r, { get: id, timeout: 30 });
    expect(got).toMatchObject({ ok: false, type: 'NotRegistered' });
    expect(got.message).toContain("kept in '_task_backend.unserved.nodeq'");
    expect(await count('_task_backend.unserved.nodeq')).toBe(1);
  });
});
