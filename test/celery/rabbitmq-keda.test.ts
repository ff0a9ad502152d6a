// The rendered ScaledObject of a Celery worker on RabbitMQ reads the queues Celery really declares,
// and reads a busy worker as idle over amqp, with figures: a vhost of this file's own on the
// machine's RabbitMQ (127.0.0.1:5672, guest), Debian's Python Celery sending three tasks (priorities
// 0 and 9 into one queue with x-max-priority, 5 into the other), and the rendered Celery command line
// run verbatim. Each trigger is counted as KEDA v2.21's rabbitmq scaler counts it over amqp (a
// passive queue.declare of `queueName` on `host`: its message count, ready messages only) and
// summed by the rendered formula, before, while each task runs, and after; once with
// celery.acksLate: true and once false. Beside it, RabbitMQ's own `messages` counter (ready plus
// unacknowledged, what the management API serves to KEDA's http protocol) from `rabbitmqctl`; the
// http protocol itself runs against a private node in rabbitmq-http.test.ts.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { k8sProblems } from '../helpers/k8s.js';
import { byFormula, render, runPhases, sendThree, stopWorker, TASKS, values, type Obj } from './rabbit.js';

const VHOST = `keda-rabbit-${randomBytes(3).toString('hex')}`;
const URL = `amqp://127.0.0.1:5672/${VHOST}`; // no credentials: guest, which RabbitMQ allows from loopback
const ctl = (...args: string[]) => execFileSync('rabbitmqctl', args, { stdio: 'ignore' });
const rendered = (acksLate: boolean) => render(values(`{ backend_type: celery, broker_url: "${URL}" }`, acksLate));

/** KEDA's amqp count (pkg/scalers/rabbitmq_scaler.go): QueueDeclarePassive's message count on the trigger's host. */
async function kedaCount(t: Obj): Promise<number> {
  const conn = await connect(t.metadata.host as string);
  try {
    return (await (await conn.createChannel()).checkQueue(t.metadata.queueName as string)).messageCount;
  } finally {
    await conn.close();
  }
}

/** RabbitMQ's `messages` (ready + unacknowledged) of the triggers' queues, summed: what the management API reports. */
async function messages(so: Obj): Promise<number> {
  const out = execFileSync('rabbitmqctl', ['list_queues', '-q', '-p', VHOST, '--formatter', 'json', 'name', 'messages'], {
    encoding: 'utf8',
  });
  const byName = new Map((JSON.parse(out) as Array<{ name: string; messages: number }>).map((q) => [q.name, q.messages]));
  return (await byFormula(so, (t) => Promise.resolve(byName.get(t.metadata.queueName as string) ?? Number.NaN))).total;
}

beforeAll(() => {
  ctl('add_vhost', VHOST);
  ctl('set_permissions', '-p', VHOST, 'guest', '.*', '.*', '.*');
}, 60_000);
afterEach(stopWorker, 60_000);
afterAll(() => ctl('delete_vhost', VHOST), 60_000);

describe('KEDA over amqp on the queues Celery declares', { timeout: 180_000 }, () => {
  it('renders a rabbitmq trigger per consumed queue, the dev URL as host, and the warning about busy workers', () => {
    const { so, auth, warnings } = rendered(true);
    expect(so.spec.advanced.scalingModifiers.formula).toBe('queue_0 + queue_1');
    expect(so.spec.triggers.map((t: Obj) => [t.type, t.name, t.metadata, t.authenticationRef])).toEqual([
      ['rabbitmq', 'queue_0', { host: URL, mode: 'QueueLength', protocol: 'amqp', queueName: 'file_processing', value: '1' }, undefined],
      [
        'rabbitmq',
        'queue_1',
        { host: URL, mode: 'QueueLength', protocol: 'amqp', queueName: 'file_processing_callback', value: '1' },
        undefined,
      ],
    ]);
    expect(auth).toBeUndefined();
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
    const { so, container } = rendered(c.acksLate);
    expect(container.env).toContainEqual({ name: 'CELERY_BROKER_URL', value: URL });
    sendThree(container);
    expect(await byFormula(so, kedaCount)).toEqual({ queue_0: 2, queue_1: 1, total: TASKS }); // the priority-9 task is in its queue
    const got = await runPhases(container, {
      readings: { amqp: async () => (await byFormula(so, kedaCount)).total, http: () => messages(so) },
      settle: { name: 'amqp', want: c.amqp },
    });
    console.log(
      `acksLate ${c.acksLate}, before / tasks 1-3 running / after: amqp ${got.amqp?.join(', ')}; messages ${got.http?.join(', ')}`,
    );
    expect(got).toEqual({ amqp: c.amqp, http: c.http });
  });
});
