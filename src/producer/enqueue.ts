// Enqueue from inside the app (the `./worker` export): routing from the task registry, so the app
// module that registers the tasks must be imported first. Producers that should not import the
// app use the `./producer` export with the routing catalogue instead.

import type { Job, JobsOptions } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { DEFAULT_BROKER_URL } from '../contract/defaults.js';
import { ENV } from '../contract/env.js';
import { openCeleryProducer, type CeleryEnqueued, type CeleryProducer, type CeleryTaskOptions } from './celery/producer.js';
import { openProducer, type Producer } from './open-producer.js';
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
let sharedCelery: CeleryProducer | undefined;

/** A Celery producer routing by the app's registry: data are kwargs, opts Celery's (args, priority, delay, ...). */
export function createCeleryEnqueuer(target: { connection?: string; timeoutMs?: number } = {}): CeleryProducer {
  const url = target.connection ?? (process.env[ENV.brokerUrl] || DEFAULT_BROKER_URL);
  return openCeleryProducer(
    url,
    (task) => getTask(task)?.queue,
    () => listTasks().map((t) => t.name),
    target.timeoutMs,
  );
}

/**
 * Enqueue on the process-wide default producer (env-configured, 10 s timeout); see createEnqueuer for
 * others. With TASK_BACKEND_TYPE=celery it sends a Celery protocol 2 message and resolves with its task id.
 */
export async function enqueue<D = unknown>(
  task: string,
  data: D,
  opts?: JobsOptions | CeleryTaskOptions,
): Promise<Job<D> | CeleryEnqueued> {
  if (process.env[ENV.backend] === 'celery') {
    sharedCelery ??= createCeleryEnqueuer();
    return sharedCelery.enqueue(task, data, opts);
  }
  shared ??= createEnqueuer(); // async: a bad TASK_BACKEND_BROKER_URL rejects like every other failure
  return shared.enqueue(task, data, opts);
}

/** Close the default producers' connections so the process can exit. */
export async function closeEnqueue(): Promise<void> {
  const [s, c] = [shared, sharedCelery];
  [shared, sharedCelery] = [undefined, undefined];
  await Promise.all([s?.close(), c?.close()]);
}
