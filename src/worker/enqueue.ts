// Producer side of the task library: enqueue by task name. The job lands on the task's registered
// queue with the task name as its BullMQ job name, which is exactly what the worker dispatches on.

import { Queue, type JobsOptions, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_BROKER_URL, DEFAULT_PREFIX } from '../contract/defaults.js';
import { ENV } from '../contract/env.js';
import { getTask, listTasks } from './registry.js';

/** Where to enqueue: a connection (URL or ioredis client) and the BullMQ prefix. */
export interface EnqueueTarget {
  connection?: string | Redis;
  prefix?: string;
}

/** A producer bound to one Redis and prefix, caching one Queue per queue name. */
export interface Enqueuer {
  enqueue<D = unknown>(task: string, data: D, opts?: JobsOptions): Promise<Job<D>>;
  close(): Promise<void>;
}

/** Make a producer; defaults come from TASK_BACKEND_BROKER_URL and TASK_BACKEND_PREFIX like the worker's. */
export function createEnqueuer(target: EnqueueTarget = {}): Enqueuer {
  const prefix = target.prefix ?? (process.env[ENV.prefix] || DEFAULT_PREFIX);
  const given = target.connection;
  const ownsClient = typeof given !== 'object';
  let client: Redis | undefined = typeof given === 'object' ? given : undefined;
  const queues = new Map<string, Queue>();
  const queueFor = (name: string): Queue => {
    client ??= new Redis((given as string | undefined) ?? (process.env[ENV.brokerUrl] || DEFAULT_BROKER_URL), {
      maxRetriesPerRequest: null,
    });
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: client, prefix });
      queues.set(name, q);
    }
    return q;
  };
  return {
    async enqueue(task, data, opts) {
      const def = getTask(task);
      if (!def) {
        const known =
          listTasks()
            .map((t) => t.name)
            .join(', ') || '(none: import the app module first)';
        throw new Error(`enqueue: unknown task '${task}'; known tasks: ${known}`);
      }
      return (await queueFor(def.queue).add(task, data, opts)) as Job<typeof data>;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
      if (client && ownsClient) await client.quit();
      client = undefined;
    },
  };
}

let shared: Enqueuer | undefined;

/** Enqueue on the process-wide default producer (env-configured); see createEnqueuer for others. */
export function enqueue<D = unknown>(task: string, data: D, opts?: JobsOptions): Promise<Job<D>> {
  shared ??= createEnqueuer();
  return shared.enqueue(task, data, opts);
}

/** Close the default producer's connections so the process can exit. */
export async function closeEnqueue(): Promise<void> {
  const s = shared;
  shared = undefined;
  await s?.close();
}
