// Enqueue from inside the app (the `./worker` export): routing from the task registry, so the app
// module that registers the tasks must be imported first. Producers that should not import the
// app use the `./producer` export with the routing catalogue instead.

import type { Job, JobsOptions } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { openProducer } from './open-producer.js';
import type { Producer } from './producer.js';
import { getTask, listTasks } from './registry.js';

/** Where to enqueue: a connection (URL or ioredis client) and the BullMQ prefix. */
export interface EnqueueTarget {
  connection?: string | Redis | Cluster;
  prefix?: string;
  /** As ProducerOptions.log: told the Redis and prefix once; default a JSON line on stderr. */
  log?: Parameters<typeof openProducer>[0]['log'];
  /** As ProducerOptions.timeoutMs: an enqueue Redis has not confirmed by then rejects (default 10000 ms). */
  timeoutMs?: number;
}

/** A producer bound to one Redis and prefix, caching one Queue per queue name. */
export type Enqueuer = Pick<Producer, 'enqueue' | 'close' | 'prefix'>;

/** Make a producer; defaults come from TASK_BACKEND_BROKER_URL and TASK_BACKEND_PREFIX like the worker's. */
export function createEnqueuer(target: EnqueueTarget = {}): Enqueuer {
  return openProducer({
    ...target,
    route: (task) => getTask(task)?.queue,
    known: () => listTasks().map((t) => t.name),
  });
}

let shared: Enqueuer | undefined;

/** Enqueue on the process-wide default producer (env-configured, 10 s timeout); see createEnqueuer for others. */
export async function enqueue<D = unknown>(task: string, data: D, opts?: JobsOptions): Promise<Job<D>> {
  shared ??= createEnqueuer(); // async: a bad TASK_BACKEND_BROKER_URL rejects like every other failure
  return shared.enqueue(task, data, opts);
}

/** Close the default producer's connections so the process can exit. */
export async function closeEnqueue(): Promise<void> {
  const s = shared;
  shared = undefined;
  await s?.close();
}
