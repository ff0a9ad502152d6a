// The task registry: the TypeScript counterpart of the brief's `@backend.register_task(queue=...)`.
// An app module registers its tasks on import; the worker and `enqueue` read them back.

import type { Job } from 'bullmq';
import { taskNameProblem } from '../contract/names.js';

/** What a handler gets besides its data (BullMQ: the job's data; celery: the task's kwargs). */
export interface TaskContext {
  /** The BullMQ job (BullMQ backend only; undefined for celery). */
  job?: Job;
  /** The job id (BullMQ) or the Celery task id. */
  id: string;
  /** Celery's positional arguments; [] for BullMQ jobs. */
  args: readonly unknown[];
  /** Aborts when shutdown's deadline passes and this job has been handed back to its queue. */
  signal: AbortSignal;
  task: string;
  queue: string;
}

/** A task handler: data in, JSON-serializable result out (sync or async). */
export type TaskHandler<D = any, R = unknown> = (data: D, ctx: TaskContext) => R | Promise<R>;

/** What an app passes to registerTask; `queue` defaults to the task's name. */
export interface TaskSpec<D = any, R = unknown> {
  name: string;
  queue?: string;
  handler: TaskHandler<D, R>;
}

/** A registered task: its queue is always resolved. */
export interface TaskDefinition<D = any, R = unknown> {
  readonly name: string;
  readonly queue: string;
  readonly handler: TaskHandler<D, R>;
}

// One registry per process even when an app resolves a second copy of this package.
const KEY = Symbol.for('task-backend-workers.registry');
type Store = Map<string, TaskDefinition>;
function store(): Store {
  const g = globalThis as unknown as Record<symbol, Store | undefined>;
  return (g[KEY] ??= new Map<string, TaskDefinition>());
}

/** Register a task under its name; registering the same name twice is a programming error. */
export function registerTask<D = any, R = unknown>(spec: TaskSpec<D, R>): TaskDefinition<D, R> {
  const queue = spec.queue ?? spec.name;
  for (const [what, value] of [
    ['task name', spec.name],
    ['queue name', queue],
  ] as const) {
    const problem = typeof value === 'string' ? taskNameProblem(value) : 'must be a string';
    if (problem) throw new TypeError(`registerTask: invalid ${what} ${JSON.stringify(value)}: it ${problem}`);
  }
  if (typeof spec.handler !== 'function') throw new TypeError(`registerTask: task '${spec.name}' has no handler`);
  if (store().has(spec.name)) throw new Error(`registerTask: task '${spec.name}' is already registered`);
  const def: TaskDefinition<D, R> = Object.freeze({ name: spec.name, queue, handler: spec.handler });
  store().set(spec.name, def as TaskDefinition);
  return def;
}

/** Every registered task, sorted by name, so listings and selections are stable. */
export function listTasks(): TaskDefinition[] {
  return [...store().values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** One task by name, or undefined. */
export function getTask(name: string): TaskDefinition | undefined {
  return store().get(name);
}

/** The task -> queue routing table, the shape tb-gen's `tasks:` catalogue uses. */
export function routingTable(): Record<string, { queue: string }> {
  return Object.fromEntries(listTasks().map((t) => [t.name, { queue: t.queue }]));
}

/** Forget every task; for tests that register their own. */
export function clearRegistry(): void {
  store().clear();
}
