// The package's `./producer` export: enqueue jobs by task name from a routing catalogue, without
// importing the app that handles them. A job lands on its task's queue with the task name as its
// BullMQ job name, which is what task-backend-worker dispatches on; BullMQ's job options (priority,
// delay, attempts, backoff, jobId, removeOnComplete, ...) pass through unchanged.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { catalogueFrom, type Catalogue } from './catalogue.js';
import { openProducer, type Producer, type ProducerTarget } from './open-producer.js';

export type { Catalogue } from './catalogue.js';
export type { JobsOptions } from 'bullmq';
/** The bound on each enqueue, what it rejects with past it, and the producer over any routing. */
export { DEFAULT_ENQUEUE_TIMEOUT_MS, EnqueueTimeoutError, openProducer, type Producer, type Routing } from './open-producer.js';

/** Where to enqueue and how to route; unset fields come from TASK_BACKEND_BROKER_URL and TASK_BACKEND_PREFIX. */
export interface ProducerOptions extends ProducerTarget {
  /** task -> queue, or the path of a catalogue file (`task: {queue}`, or a values file with `tasks:`). */
  catalogue: Catalogue | string;
}

/** Read a catalogue file as tb-gen reads values (YAML 1.1, duplicate keys refused). */
export function readCatalogue(file: string): Catalogue {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'), { version: '1.1', uniqueKeys: true, merge: true });
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const r = catalogueFrom(doc, file);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.catalogue;
}

/** Make a producer. An unknown task name throws, naming the known ones: a job nobody consumes would wait forever. */
export function createProducer(options: ProducerOptions): Producer {
  const catalogue = typeof options.catalogue === 'string' ? readCatalogue(options.catalogue) : { ...options.catalogue };
  const route = (task: string) => (Object.hasOwn(catalogue, task) ? catalogue[task] : undefined);
  return openProducer({ ...options, route, known: () => Object.keys(catalogue).sort() });
}
