// enqueue(task): the job lands on the task's registered queue under the task's name, in Redis.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnqueuer } from '../../src/producer/enqueue.js';
import { clearRegistry, registerTask } from '../../src/producer/registry.js';
import { REDIS_URL, workerRig } from '../helpers/worker.js';

const rig = workerRig({ build: false });
const { redis } = rig;
const { prefix, queue: newQueue } = rig.setup('enqueue');

beforeAll(() => {
  clearRegistry();
  registerTask({ name: 'urgent_task', queue: 'high_priority', handler: () => 1 });
  registerTask({ name: 'plain', handler: () => 1 });
});

describe('enqueue', () => {
  const cases: Array<[string, string]> = [
    ['urgent_task', 'high_priority'],
    ['plain', 'plain'],
  ];
  it.each(cases)('%s goes to queue %s with the task as job name', async (task, queue) => {
    const producer = createEnqueuer({ connection: redis, prefix });
    try {
      const job = await producer.enqueue(task, { n: 1 }, { jobId: `${task}-1` });
      const q = newQueue(queue);
      const stored = await q.getJob(job.id!);
      expect(stored?.name).toBe(task);
      expect(stored?.data).toEqual({ n: 1 });
      expect(await q.getWaitingCount()).toBe(1);
      await q.close();
    } finally {
      await producer.close();
    }
    expect(redis.status).toBe('ready'); // a caller's client is left open
  });

  it('refuses an unknown task, naming the known ones', async () => {
    const producer = createEnqueuer({ connection: redis, prefix });
    await expect(producer.enqueue('nope', {})).rejects.toThrow(/unknown task 'nope'; known tasks: plain, urgent_task/);
    await producer.close();
  });

  it('opens and closes its own connection from a URL', async () => {
    const producer = createEnqueuer({ connection: REDIS_URL, prefix });
    const job = await producer.enqueue('plain', {});
    expect(job.queueName).toBe('plain');
    await producer.close();
  });
});
