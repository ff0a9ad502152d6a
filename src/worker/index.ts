// The package's `./worker` export: what an application imports to register and enqueue tasks.

/** Registering tasks (an app module does this on import) and reading the registry back. */
export { registerTask, listTasks, getTask, routingTable, clearRegistry } from '../producer/registry.js';
/** The shapes a task and its handler take. */
export type { TaskSpec, TaskDefinition, TaskHandler, TaskContext } from '../producer/registry.js';
/** Producing jobs by task name onto the task's queue. */
export { enqueue, createEnqueuer, createCeleryEnqueuer, closeEnqueue } from '../producer/enqueue.js';
/** Celery's task options, a producer and what an enqueue returns with TASK_BACKEND_TYPE=celery. */
export type { CeleryTaskOptions, CeleryProducer, CeleryEnqueued } from '../producer/celery/producer.js';
/** What enqueue rejects with when Redis does not confirm a job in time. */
export { EnqueueTimeoutError } from '../producer/open-producer.js';
/** A producer bound to one Redis and prefix. */
export type { Enqueuer, EnqueueTarget } from '../producer/enqueue.js';
/** The selection rules (--tasks/--queues/excludes), for tools that check routing statically. */
export { select, isServed } from '../contract/selection.js';
/** Routing and selection shapes. */
export type { TaskRoute, Filters, Selection } from '../contract/selection.js';
