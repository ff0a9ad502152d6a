// task-backend-enqueue --backend=celery: the same TASK, DATA, routing (--catalogue or --app) and
// --timeout as for BullMQ; DATA are the keyword arguments and --opts takes Celery's options
// (args, priority, delay, expires, jobId, ignoreResult). Prints the task id for AsyncResult(id).

import { resolve } from 'node:path';
import { ENV } from '../../contract/env.js';
import { loadApp } from '../app-loader.js';
import { readCatalogue } from '../producer.js';
import { getTask, listTasks } from '../registry.js';
import { celeryOptionProblems, openCeleryProducer } from './producer.js';

/** A mistake of the command line (exit 2), as opposed to a broker failure (exit 1). */
export class CeleryUsageError extends Error {}

/** What the command needs. */
export interface CeleryEnqueueRequest {
  task: string;
  data: unknown;
  opts: Record<string, unknown>;
  catalogue?: string;
  app?: string;
  url: string;
  timeoutMs: number;
}

/** Send one task; resolves with the line to print. */
export async function celeryEnqueue(r: CeleryEnqueueRequest): Promise<Record<string, unknown>> {
  const problems = celeryOptionProblems(r.opts);
  if (problems.length) throw new CeleryUsageError(problems.map((p) => `--opts ${p}`).join('; '));
  if (typeof r.data !== 'object' || r.data === null || Array.isArray(r.data)) {
    throw new CeleryUsageError(
      'DATA are the keyword arguments of a Celery task: a JSON object (positional ones go in --opts \'{"args": [...]}\')',
    );
  }
  let route: (task: string) => string | undefined;
  let known: () => string[];
  if (r.catalogue) {
    let cat: Record<string, string>;
    try {
      cat = readCatalogue(resolve(r.catalogue));
    } catch (err) {
      throw new CeleryUsageError((err as Error).message);
    }
    [route, known] = [(t) => (Object.hasOwn(cat, t) ? cat[t] : undefined), () => Object.keys(cat).sort()];
  } else if (r.app) {
    await loadApp(r.app);
    [route, known] = [(t) => getTask(t)?.queue, () => listTasks().map((t) => t.name)];
  } else {
    throw new CeleryUsageError(`no routing: pass --catalogue FILE or --app MODULE (or set ${ENV.app})`);
  }
  if (!route(r.task)) throw new CeleryUsageError(`enqueue: unknown task '${r.task}'; known tasks: ${known().join(', ') || '(none)'}`);
  let producer;
  try {
    producer = openCeleryProducer(r.url, route, known, r.timeoutMs);
  } catch (err) {
    throw new CeleryUsageError((err as Error).message);
  }
  try {
    const sent = await producer.enqueue(r.task, r.data, r.opts);
    return { event: 'enqueued', backend: 'celery', task: r.task, queue: sent.queueName, jobId: sent.id };
  } finally {
    await producer.close();
  }
}
