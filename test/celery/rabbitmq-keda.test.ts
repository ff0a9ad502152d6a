// The rendered ScaledObject of a Celery worker on RabbitMQ reads the queues Celery really declares,
// and reads a busy worker as idle over amqp, with figures: a vhost of this file's own on the
// machine's RabbitMQ (127.0.0.1:5672, guest), Debian's Python Celery sending three tasks (priorities
// 0 and 9 into one queue with x-max-priority, 5 into the other), and the rendered Celery command line
// run verbatim. Each trigger is counted as KEDA v2.21's rabbitmq scaler counts it over amqp (a
// passive queue.declare of `queueName` on `host`: its message count, ready messages only) and
// summed by the rendered formula, before, while each task runs, and after; once with
// celery.acksLate: true and once false. KEDA's http protocol is not run (this machine's RabbitMQ has
// no management plugin): what it would read, the queue's `messages` counter (ready plus
// unacknowledged) that the management API serves, is read from `rabbitmqctl list_queues` instead.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { k8sProblems } from '../helpers/k8s.js';
import { gen } from '../helpers/run.js';
import { waitUntil } from '../helpers/worker.js';

type Obj = Record<string, any>;
const APP = join(import.meta.dirname, 'app');
const PY = '/usr/bin/python3';
const VHOST = `keda-rabbit-${randomBytes(3).toString('hex')}`;
const URL = `amqp://127.0.0.1:5672/${VHOST}`; // no credentials: guest, which RabbitMQ allows from loopback
const ctl = (...args: string[]) => execFileSync('rabbitmqctl', args, { stdio: 'ignore' });
const TASKS = 3;

const values = (acksLate: boolean) => `
taskConfig: { backend_type: celery, broker_url: "${URL}" }
tasks:
  file_extract: { queue: file_processing }
  file_processing_done: { queue: file_processing_callback }
workers:
  file-processing:
    runtime: celery
    image: { repository: registry.example.com/backend }
    queues: [file_processing, file_processing_callback]
    concurrency: 1
    celery: { app: backend.workers.file_queue, prefetchMultiplier: 1, acksLate: ${acksLate} }
    autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 4 }
`;

function render(acksLate: boolean): { so: Obj; container: Obj; warnings: string[] } {
  const r = gen(values(acksLate));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const objects = (r.objects ?? []).map((o) => o.object as Obj);
  return {
    so: objects.find((o) => o.kind === 'ScaledObject') as Obj,
    container: objects.find((o) => o.kind === 'Deployment')?.spec.template.spec.containers[0] as Obj,
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code),
  };
}

/** KEDA's amqp count (pkg/scalers/rabbitmq_scaler.go): QueueDeclarePassive's message count on the trigger's host. */
async function kedaCount(t: Obj): Promise<number> {
  const conn = await connect(t.metadata.host as string);
  try {
    return (await (await conn.createChannel()).checkQueue(t.metadata.queueName as string)).messageCount;
  } finally {
    await conn.close();
  }
}

/** The formula's value now: each trigger counted, the formula (a plain sum) applied. */
async function backlog(so: Obj): Promise<Record<string, number> & { total: number }> {
  const counts: Record<string, number> = {};
  for (const t of so.spec.triggers as Obj[]) counts[t.name] = await kedaCount(t);
  const names = (so.spec.advanced.scalingModifiers.formula as string).split(' + ');
  return { ...counts, total: names.reduce((n, name) => n + (counts[name] ?? Number.NaN), 0) };
}

/** RabbitMQ's `messages` (ready + unacknowledged) of the triggers' queues, summed: what the management API reports. */
function managementCount(so: Obj): number {
  const out = execFileSync('rabbitmqctl', ['list_queues', '-q', '-p', VHOST, '--formatter', 'json', 'name', 'messages'], {
    encoding: 'utf8',
  });
  const messages = new Map((JSON.parse(out) as Array<{ name: string; messages: number }>).map((q) => [q.name, q.messages]));
  return (so.spec.triggers as Obj[]).reduce((n, t) => n + (messages.get(t.metadata.queueName as string) ?? Number.NaN), 0);
}

const python = (code: string, env: Record<string, string>) =>
  execFileSync(PY, ['-c', code], { cwd: APP, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env }, stdio: 'inherit' });

let worker: ChildProcess | undefined;
let signals = '';
async function stopWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (!w || w.exitCode !== null || w.signalCode !== null) return;
  for (let n = 1; n <= TASKS; n++) writeFileSync(join(signals, `release-${n}`), ''); // warm shutdown waits for running tasks
  const exited = new Promise((r) => w.once('exit', r));
  const kill = (s: NodeJS.Signals) => {
    try {
      process.kill(-(w.pid as number), s); // the worker and its pool, started as one process group
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const t = setTimeout(() => kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(t);
}

beforeAll(() => {
  ctl('add_vhost', VHOST);
  ctl('set_permissions', '-p', VHOST, 'guest', '.*', '.*', '.*');
}, 60_000);
afterEach(async () => {
  await stopWorker();
  if (signals) rmSync(signals, { recursive: true, force: true });
}, 60_000);
afterAll(() => ctl('delete_vhost', VHOST), 60_000);

describe('KEDA over amqp on the queues Celery declares', { timeout: 180_000 }, () => {
  it('renders a rabbitmq trigger per consumed queue, the dev URL as host, and the warning about busy workers', () => {
    const { so, warnings } = render(true);
    expect(so.spec.advanced.scalingModifiers.formula).toBe('queue_0 + queue_1');
    expect(so.spec.triggers.map((t: Obj) => [t.type, t.name, t.metadata])).toEqual([
      ['rabbitmq', 'queue_0', { host: URL, mode: 'QueueLength', protocol: 'amqp', queueName: 'file_processing', value: '1' }],
      ['rabbitmq', 'queue_1', { host: URL, mode: 'QueueLength', protocol: 'amqp', queueName: 'file_processing_callback', value: '1' }],
    ]);
    expect(warnings).toContain('KEDA_AMQP_READY_ONLY');
    expect(k8sProblems(so)).toEqual([]); // KEDA's own CRD schema
  });

  // Three tasks; the worker runs one at a time (concurrency 1, prefetch 1). With acks_late the
  // running task stays unacknowledged and fills the prefetch window; without, it is acknowledged
  // as it starts and the next one is prefetched. Either way the last running task reads 0 over
  // amqp; RabbitMQ's own counter (http) keeps a running task only with acks_late.
  it.for([
    { acksLate: true, amqp: [3, 2, 1, 0, 0], http: [3, 3, 2, 1, 0] },
    { acksLate: false, amqp: [3, 1, 0, 0, 0], http: [3, 2, 1, 0, 0] },
  ])('celery.acksLate: $acksLate: before, while tasks 1-3 run, after: amqp reads $amqp, RabbitMQ messages $http', async (c) => {
    const got = await phases(c.acksLate, c.amqp);
    console.log(
      `acksLate ${c.acksLate}, before / tasks 1-3 running / after: amqp ${got.amqp.join(', ')}; messages (http) ${got.http.join(', ')}`,
    );
    expect(got).toEqual({ amqp: c.amqp, http: c.http });
  });
});

/** KEDA's amqp reading and RabbitMQ's messages before the worker, while each task runs, and after. */
async function phases(acksLate: boolean, amqp: number[]): Promise<{ amqp: number[]; http: number[] }> {
  const { so, container } = render(acksLate);
  signals = mkdtempSync(join(tmpdir(), 'rabbit-keda-'));
  const env = Object.fromEntries((container.env as Obj[]).filter((e) => 'value' in e).map((e) => [e.name, e.value as string]));
  expect(env.CELERY_BROKER_URL).toBe(URL);
  python(
    `from backend.workers.file_queue import app
for q, p in [('file_processing', 0), ('file_processing', 9), ('file_processing_callback', 5)]:
    app.send_task('file_extract', args=[p], queue=q, priority=p)`,
    { ...env, SIGNAL_DIR: signals },
  );
  const before = await backlog(so);
  expect(before).toEqual({ queue_0: 2, queue_1: 1, total: TASKS }); // the priority-9 task is in its queue
  const out = { amqp: [before.total], http: [managementCount(so)] };
  worker = spawn(PY, ['-m', 'celery', ...(container.args as string[]), '-l', 'warning'], {
    cwd: APP,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env, SIGNAL_DIR: signals },
    stdio: 'inherit',
    detached: true,
  });
  for (let n = 1; n <= TASKS; n++) {
    await waitUntil(() => existsSync(join(signals, `started-${n}`)), `task ${n} to start`, 60_000, 100);
    // The broker hands the next message over shortly after an ack: let the count settle first.
    const want = amqp[n];
    const settled = async () => ((await backlog(so)).total === want ? want : false);
    out.amqp.push(
      await waitUntil(settled, `amqp to read ${want} while task ${n} runs`, 20_000, 100).catch(async () => (await backlog(so)).total),
    );
    out.http.push(managementCount(so));
    expect(existsSync(join(signals, `done-${n}`)), `task ${n} still runs`).toBe(false);
    writeFileSync(join(signals, `release-${n}`), '');
  }
  await waitUntil(() => existsSync(join(signals, `done-${TASKS}`)), 'every task to finish', 60_000, 100);
  out.amqp.push((await backlog(so)).total);
  out.http.push(managementCount(so));
  return out;
}
