// Sending Celery tasks from Node: protocol 2 messages, as Python's send_task makes them, that a
// Python Celery worker and task-backend-worker --backend=celery both execute. Over Redis the
// envelope is LPUSHed onto kombu's list for its priority (and the queue's binding declared);
// over AMQP it is published to the queue's direct exchange (see amqp-publish.ts).

import { Redis } from 'ioredis';
import { brokerUrlProblem, isAmqpUrl, redact } from '../../contract/broker.js';
import { errorMessage, within } from '../settle.js';
import { buildTask, redisEnvelope } from './protocol.js';
import { kombuBinding, kombuList } from '../../contract/kombu.js';

/** Celery's options for one task; `--opts` of task-backend-enqueue takes the same keys. */
export interface CeleryTaskOptions {
  /** Positional arguments (the handler's ctx.args); the data are the keyword arguments. */
  args?: unknown[];
  /** 0-9, as Celery's priority: in Redis a lower number is served first, over AMQP a higher one. */
  priority?: number;
  /** Milliseconds from now before the task may run (Celery's countdown, sent as eta). */
  delay?: number;
  /** Seconds from now after which the task is revoked instead of run (Celery's expires). */
  expires?: number;
  /** The task id (default: a new UUID). */
  jobId?: string;
  ignoreResult?: boolean;
}

/** What an enqueue returns: the Celery task id, for AsyncResult(id) in Python. */
export interface CeleryEnqueued {
  id: string;
  name: string;
  queueName: string;
}

/** A Celery producer bound to one broker. */
export interface CeleryProducer {
  enqueue(task: string, kwargs: unknown, opts?: CeleryTaskOptions): Promise<CeleryEnqueued>;
  close(): Promise<void>;
}

const OPTION_KEYS = new Set(['args', 'priority', 'delay', 'expires', 'jobId', 'ignoreResult']);

/** Problems with celery options, named as --opts names them; [] when they are fine. */
export function celeryOptionProblems(o: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of Object.keys(o)) if (!OPTION_KEYS.has(k)) out.push(`${k}: not a celery option (known: ${[...OPTION_KEYS].join(', ')})`);
  const p = o.priority;
  if (p !== undefined && !(Number.isInteger(p) && (p as number) >= 0 && (p as number) <= 9))
    out.push('priority: expected a whole number from 0 to 9');
  if (o.args !== undefined && !Array.isArray(o.args)) out.push('args: expected a JSON array of positional arguments');
  for (const k of ['delay', 'expires'] as const) {
    if (o[k] !== undefined && !(typeof o[k] === 'number' && o[k] >= 0)) out.push(`${k}: expected a number >= 0`);
  }
  if (o.jobId !== undefined && !(typeof o.jobId === 'string' && o.jobId !== '')) out.push('jobId: expected a non-empty string');
  return out;
}

/** A producer over `url` (redis:// or amqp://) routing tasks with `route`; each send bounded by timeoutMs. */
export function openCeleryProducer(
  url: string,
  route: (task: string) => string | undefined,
  known: () => string[],
  timeoutMs = 10_000,
): CeleryProducer {
  const amqp = isAmqpUrl(url);
  const problem = amqp ? undefined : brokerUrlProblem(url);
  if (problem) throw new TypeError(problem);
  let send: ((queue: string, m: ReturnType<typeof buildTask>) => Promise<void>) | undefined;
  let closer: (() => Promise<void>) | undefined;
  const connect = async () => {
    if (send) return send;
    if (amqp) {
      const { amqpPublisher } = await import('./amqp-publish.js');
      const pub = await amqpPublisher(url);
      [send, closer] = [pub.send, pub.close];
    } else {
      const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: Math.min(timeoutMs, 5_000) });
      client.on('error', () => undefined);
      send = async (queue, m) => {
        await client
          .multi()
          .sadd(...kombuBinding(queue))
          .lpush(kombuList(queue, Number(m.properties.priority ?? 0)), redisEnvelope(m))
          .exec();
      };
      closer = async () => void (await within(client.quit(), 1_000), client.disconnect());
    }
    return send;
  };
  return {
    async enqueue(task, kwargs, opts = {}) {
      const queue = route(task);
      if (!queue) throw new Error(`enqueue: unknown task '${task}'; known tasks: ${known().join(', ') || '(none)'}`);
      const problems = celeryOptionProblems(opts as Record<string, unknown>);
      if (problems.length) throw new TypeError(`enqueue '${task}': ${problems.join('; ')}`);
      const data = kwargs ?? {};
      if (typeof data !== 'object' || Array.isArray(data))
        throw new TypeError(`enqueue '${task}': celery data are keyword arguments: a JSON object`);
      const now = Date.now();
      const m = buildTask({
        task,
        queue,
        args: opts.args,
        kwargs: data as Record<string, unknown>,
        id: opts.jobId,
        priority: opts.priority,
        eta: opts.delay ? now + opts.delay : undefined,
        expires: opts.expires !== undefined ? now + opts.expires * 1000 : undefined,
        ignoreResult: opts.ignoreResult,
      });
      const op = connect().then((s) => s(queue, m));
      if (!(await within(op, timeoutMs)))
        throw new Error(`enqueue '${task}': the broker at ${redact(url)} did not confirm within ${timeoutMs} ms`);
      await op.catch((err: unknown) => {
        throw new Error(`enqueue '${task}': the broker at ${redact(url)} refused the task: ${errorMessage(err)}`, { cause: err });
      });
      return { id: m.id, name: task, queueName: queue };
    },
    async close() {
      await closer?.();
    },
  };
}
