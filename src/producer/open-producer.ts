// A producer over any routing, bound to one Redis and prefix: one BullMQ Queue per queue, each
// enqueue bounded in time (a Redis that is down or silent rejects it, never hangs it), and a
// connection that did not answer dropped so that no unconfirmed job is sent later.

import { Queue, type Job, type JobsOptions } from 'bullmq';
import { Cluster, type Redis } from 'ioredis';
import { DEFAULT_PREFIX } from '../contract/defaults.js';
import { ENV } from '../contract/env.js';
import { describeTarget, resolveRedisTarget, type RedisTarget } from '../contract/redis.js';
import { jobOptionsProblems } from './job-options.js';
import { openRedis, type RedisClient } from './redis-open.js';
import { errorMessage, within } from './settle.js';

/** How a producer finds a task's queue (the catalogue here; the app's registry for `./worker`'s enqueue). */
export interface Routing {
  route: (task: string) => string | undefined;
  known: () => string[];
}

/** Where a producer enqueues; unset fields come from TASK_BACKEND_BROKER_URL and TASK_BACKEND_PREFIX. */
export interface ProducerTarget {
  /** A redis:// URL, or an ioredis client of yours (left open by close()). */
  connection?: string | Redis | Cluster;
  prefix?: string;
  /** Told once, at the first enqueue, which Redis and prefix the jobs go to; false for silence. Default: a JSON line on stderr. */
  log?: ((fields: { event: 'producer_started'; prefix: string; url: string; tasks: number }) => void) | false;
  env?: Readonly<Record<string, string | undefined>>;
  /** Longest an enqueue waits for Redis to confirm the job, connecting included (default 10000 ms); then it rejects. */
  timeoutMs?: number;
}

/** A producer bound to one Redis, one prefix and one routing; one BullMQ Queue per queue, made on first use. */
export interface Producer {
  readonly prefix: string;
  /** The queue `task` is routed to, or undefined for a task the routing does not know. */
  queueOf(task: string): string | undefined;
  enqueue<D = unknown>(task: string, data: D, opts?: JobsOptions): Promise<Job<D>>;
  close(): Promise<void>;
}

/** How long an enqueue waits for Redis to confirm the job (connecting included) unless told otherwise. */
export const DEFAULT_ENQUEUE_TIMEOUT_MS = 10_000;

/** An enqueue that Redis did not confirm in time; `url` is redacted, `detail` says what was seen. */
export class EnqueueTimeoutError extends Error {
  constructor(
    readonly task: string,
    readonly url: string,
    readonly timeoutMs: number,
    readonly detail: string,
  ) {
    super(
      `enqueue '${task}': Redis at ${url} did not confirm the job within ${timeoutMs} ms (${detail}); ` +
        `check that Redis is up there and that ${ENV.brokerUrl} (or the connection option) names it`,
    );
    this.name = 'EnqueueTimeoutError';
  }
}

/** A producer over any routing; createProducer and the registry-based createEnqueuer are both this. */
export function openProducer(o: ProducerTarget & Routing): Producer {
  const env = o.env ?? process.env;
  const timeoutMs = o.timeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`timeoutMs: expected a positive number of ms, got ${timeoutMs}`);
  // A URL (the connection option, else TASK_BACKEND_BROKER_URL) with the topology and TLS files of
  // the environment, resolved as the worker resolves them; a caller's client is taken as it is.
  const given = typeof o.connection === 'object' ? o.connection : undefined;
  const resolved = given ? undefined : resolveRedisTarget(env, o.connection as string | undefined);
  if (resolved && !resolved.ok) throw new TypeError(resolved.errors.join('; '));
  const log = o.log === undefined ? (f: object) => process.stderr.write(JSON.stringify(f) + '\n') : o.log;
  return new BullProducer(o, o.prefix ?? (env[ENV.prefix] || DEFAULT_PREFIX), timeoutMs, given ?? (resolved?.value as RedisTarget), log);
}

type Announce = NonNullable<ProducerTarget['log']>;

// One BullMQ Queue per queue over one client: ours (made on first use, dropped when Redis does not
// answer in time) or the caller's (never dropped or closed).
class BullProducer implements Producer {
  readonly queueOf: (task: string) => string | undefined;
  private client: RedisClient | undefined;
  private readonly ownsClient: boolean;
  private readonly target: RedisTarget | undefined;
  private readonly where: string;
  private readonly queues = new Map<string, Queue>();
  private lastError = '';
  private announced = false;

  constructor(
    private readonly routing: Routing,
    readonly prefix: string,
    private readonly timeoutMs: number,
    connection: RedisClient | RedisTarget,
    private readonly log: Announce,
  ) {
    this.queueOf = routing.route;
    const given = isClient(connection) ? connection : undefined;
    this.client = given;
    this.ownsClient = !given;
    this.target = given ? undefined : (connection as RedisTarget);
    this.where = given ? clientUrl(given) : describeTarget(connection as RedisTarget);
  }

  async enqueue<D = unknown>(task: string, data: D, opts?: JobsOptions): Promise<Job<D>> {
    const queue = this.routing.route(task);
    if (queue === undefined)
      throw new Error(`enqueue: unknown task '${task}'; known tasks: ${this.routing.known().join(', ') || '(none)'}`);
    const problems = jobOptionsProblems(opts ?? {});
    if (problems.length) throw new RangeError(`enqueue '${task}': ${problems.map((p) => `opts.${p}`).join('; ')}`);
    const q = this.queueFor(queue);
    const used = this.client;
    const adding = q.add(task, data, opts) as Promise<Job<D>>;
    if (await within(adding, this.timeoutMs)) {
      try {
        return await adding;
      } catch (err) {
        if (used !== this.client || /Command timed out/.test(errorMessage(err))) throw this.unconfirmed(task, used);
        throw err;
      }
    }
    adding.catch(() => undefined); // rejected by the drop below; the caller hears the timeout instead
    const error = this.unconfirmed(task, used);
    this.drop();
    throw error;
  }

  async close(): Promise<void> {
    const open = [...this.queues.values()];
    this.queues.clear();
    await within(Promise.all(open.map((q) => q.close())), this.timeoutMs);
    const c = this.client;
    this.client = undefined;
    if (c && this.ownsClient) {
      await within(c.quit(), this.timeoutMs);
      c.disconnect();
    }
  }

  private queueFor(name: string): Queue {
    this.client ??= ownClient(this.target as RedisTarget, this.timeoutMs, (err) => (this.lastError = errorMessage(err)));
    if (!this.announced && this.log)
      this.log({ event: 'producer_started', prefix: this.prefix, url: this.where, tasks: this.routing.known().length });
    this.announced = true;
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.client, prefix: this.prefix });
      q.on('error', () => undefined); // connection trouble rejects the add() that met it; no second report
      this.queues.set(name, q);
    }
    return q;
  }

  // Our own client is dropped when Redis did not answer in time: a command still waiting for it is
  // discarded with the client, so a job reported as not confirmed is never sent later. The next
  // enqueue connects afresh.
  private drop(): void {
    if (!this.ownsClient) return;
    const c = this.client;
    this.client = undefined;
    this.queues.clear();
    c?.disconnect();
  }

  private unconfirmed(task: string, seen: RedisClient | undefined): EnqueueTimeoutError {
    const status = seen?.status ?? 'closed';
    const detail = this.lastError
      ? `last error: ${this.lastError}`
      : status === 'connect'
        ? 'the TCP connection is open but nothing answers: is that port a Redis server?'
        : `connection ${status}`;
    const why = this.ownsClient ? detail : `${detail}; your client may still send it when it reconnects`;
    return new EnqueueTimeoutError(task, this.where, this.timeoutMs, why);
  }
}

// An ioredis client of the caller's, as against a resolved target (plain data).
const isClient = (c: RedisClient | RedisTarget): c is RedisClient => typeof (c as RedisClient).disconnect === 'function';

// The producer's own connection: a bounded TCP connect, reconnects with ioredis' default backoff
// (each enqueue is bounded by the producer's timeout instead), and connection errors kept for the
// timeout's message rather than printed by ioredis.
function ownClient(target: RedisTarget, timeoutMs: number, onError: (err: unknown) => void): RedisClient {
  const client = openRedis(target, { maxRetriesPerRequest: null, connectTimeout: Math.min(timeoutMs, 5_000) });
  client.on('error', onError);
  client.on('ready', () => onError(''));
  return client;
}

// A caller's client has no URL to show as given: its options, in URL form, without the password.
function clientUrl(client: RedisClient): string {
  if (client instanceof Cluster)
    return `cluster ${
      client
        .nodes()
        .map((n) => `${n.options.host}:${n.options.port}`)
        .join(',') || '(no node yet)'
    }`;
  const { host, port, db, tls } = client.options;
  return `${tls ? 'rediss' : 'redis'}://${host}:${port}/${db ?? 0}`;
}
