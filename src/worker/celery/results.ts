// Task results in Celery's own format, so Python's AsyncResult(id).get() returns the value or
// re-raises: SETEX celery-task-meta-<id> plus PUBLISH on the same name (what Celery's redis
// backend does), date_done with microseconds, exceptions as {exc_type, exc_message, exc_module}.

import { Redis } from 'ioredis';
import { CELERY_RESULT_EXPIRES } from '../../contract/defaults.js';

/** The key (and channel) of one task's result. */
export const resultKey = (id: string): string => `celery-task-meta-${id}`;

/** Celery's states that this worker stores. */
export type State = 'SUCCESS' | 'FAILURE' | 'REVOKED';

/** An exception as Celery's JSON result stores it. */
export interface StoredException {
  exc_type: string;
  exc_message: unknown[];
  exc_module?: string;
}

// Python's built-in exception names: a JS error of one of these names re-raises as that class;
// any other name becomes a class Celery creates with the same name (exc_module left out).
const PY_BUILTINS = new Set(
  'ArithmeticError AssertionError AttributeError BufferError EOFError Exception FileExistsError FileNotFoundError IndexError KeyError LookupError MemoryError NameError NotImplementedError OSError OverflowError PermissionError RecursionError ReferenceError RuntimeError StopIteration SyntaxError SystemError TimeoutError TypeError UnicodeError ValueError ZeroDivisionError'.split(
    ' ',
  ),
);

/** A thrown value as Celery stores it; the name survives the trip to Python. */
export function exceptionOf(err: unknown): StoredException {
  const name = err instanceof Error ? err.name : 'Exception';
  const message = err instanceof Error ? err.message : String(err);
  const type = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'Exception';
  return { exc_type: type, exc_message: [message], ...(PY_BUILTINS.has(type) ? { exc_module: 'builtins' } : {}) };
}

/** One of Celery's exceptions (NotRegistered, TaskRevokedError), re-raised by Python as that class. */
export const celeryException = (type: string, message: string): StoredException => ({
  exc_type: type,
  exc_message: [message],
  exc_module: 'celery.exceptions',
});

/** date_done as Celery 5.2 writes it: naive UTC, six fractional digits (Python reads ms digits as µs). */
export function dateDone(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}

/** The stored JSON of one result. */
export function resultMeta(id: string, state: State, result: unknown, traceback: string | null, now = Date.now()): string {
  return JSON.stringify({ status: state, result: result ?? null, traceback, children: [], date_done: dateDone(now), task_id: id });
}

/** Where results go: Celery's result_backend (redis), or nowhere when none is configured. */
export class ResultStore {
  private readonly client?: Redis;

  constructor(url: string | undefined, name: string) {
    if (url) this.client = new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
    this.client?.on('error', () => undefined); // the broker connection logs outages; results wait for it
  }

  /** True when results are stored at all. */
  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** Store and announce one result; resolves once Redis has it. */
  async store(id: string, state: State, result: unknown, traceback: string | null = null): Promise<void> {
    if (!this.client) return;
    const key = resultKey(id);
    const meta = resultMeta(id, state, result, traceback);
    await this.client.multi().setex(key, CELERY_RESULT_EXPIRES, meta).publish(key, meta).exec();
  }

  /** Close the connection. */
  async close(): Promise<void> {
    if (!this.client) return;
    await this.client.quit().catch(() => undefined);
    this.client.disconnect();
  }
}
