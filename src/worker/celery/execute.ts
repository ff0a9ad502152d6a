// What happens to one Celery message once it is fetched: refused and parked (a task this worker
// does not serve, or a message it cannot read), revoked (expired), or run, its result stored in
// Celery's format and only then acknowledged (acks_late). Metrics and log lines are the BullMQ
// backend's: job_completed, job_failed, job_rejected, with the same counters.

import type { CompletionSink, Completions } from '../completions.js';
import type { LogFn, Logger } from '../log.js';
import { UNREGISTERED_TASK, type WorkerMetrics } from '../metrics.js';
import { getTask, type TaskDefinition } from '../../producer/registry.js';
import { asError } from '../../producer/settle.js';
import type { CeleryTask } from '../../producer/celery/protocol.js';
import { celeryException, exceptionOf, type ResultStore } from './results.js';
import type { Delivery, Transport } from './transport.js';

/** What running a message needs from the process. */
export interface ExecContext {
  served: ReadonlyMap<string, TaskDefinition>;
  /** Who refuses: worker name, profile, host and pid. */
  identity: string;
  metrics: WorkerMetrics;
  log: LogFn;
  jobLog: Logger['jobLog'];
  completions: Completions;
  transport: Transport;
  results: ResultStore;
  /** Aborted when the drain deadline passes and unfinished messages were handed back. */
  signal: AbortSignal;
}

/** The reason a refused message carries: which worker refused it, why, and where it is kept. */
export function refusal(ctx: Pick<ExecContext, 'served' | 'identity'>, task: string | undefined, queue: string, why?: string): string {
  const names = [...ctx.served.keys()].sort().join(', ');
  const what = why ?? `task '${task}' on queue '${queue}' is not served by this worker (serves: ${names})`;
  return `refused by ${ctx.identity}: ${what}`;
}

/** Park a message this worker will not run, store NotRegistered for its id, log and count it. */
export async function refuse(ctx: ExecContext, d: Delivery, why?: string): Promise<void> {
  const task = d.decoded.ok ? d.decoded.task.task : d.decoded.task;
  const id = d.decoded.ok ? d.decoded.task.id : d.decoded.id;
  const place = unservedName(await ctx.transport.park(d, why ?? ''));
  const reason = `${refusal(ctx, task, d.queue, why)}; kept in ${place}`;
  if (id) await ctx.results.store(id, 'FAILURE', celeryException('NotRegistered', reason));
  ctx.metrics.series(task && getTask(task) ? task : UNREGISTERED_TASK, d.queue).rejected();
  ctx.log('warn', 'job_rejected', { task, queue: d.queue, jobId: id, reason });
}

const unservedName = (place: string) => `'${place}'`;

/** An expired task: REVOKED as Celery stores it, acknowledged, never run. */
export async function revoke(ctx: ExecContext, d: Delivery, t: CeleryTask): Promise<void> {
  await ctx.results.store(t.id, 'REVOKED', celeryException('TaskRevokedError', 'expired'));
  await ctx.transport.ack(d);
  ctx.metrics.series(t.task, d.queue).failed(0);
  ctx.log('warn', 'job_expired', { task: t.task, queue: d.queue, jobId: t.id, expires: new Date(t.expires ?? 0).toISOString() });
}

/**
 * Run a served task; store its result, then acknowledge. `handedBack()` is checked before both:
 * a task whose message went back to the queue at the drain deadline stores and acks nothing.
 */
export async function run(ctx: ExecContext, d: Delivery, t: CeleryTask, def: TaskDefinition, handedBack: () => boolean): Promise<void> {
  const started = performance.now();
  let value: unknown;
  let error: unknown;
  let failed = false;
  try {
    value = await def.handler(t.kwargs, { id: t.id, args: t.args, signal: ctx.signal, task: def.name, queue: d.queue });
  } catch (err) {
    error = asError(err); // `throw null` or a Proxy: stored and logged as an Error all the same
    failed = true;
  }
  const seconds = (performance.now() - started) / 1000;
  if (handedBack()) return;
  if (!failed) {
    try {
      value = jsonSafe(value);
    } catch (err) {
      [failed, error] = [true, new TypeError(`the result of task '${def.name}' is not JSON-serializable: ${(err as Error).message}`)];
    }
  }
  const store = ctx.results.enabled && !t.ignoreResult;
  if (failed) {
    if (store) await ctx.results.store(t.id, 'FAILURE', exceptionOf(error), error instanceof Error ? (error.stack ?? null) : null);
  } else if (store) {
    await ctx.results.store(t.id, 'SUCCESS', value);
  }
  if (handedBack()) return;
  await ctx.transport.ack(d);
  if (!failed) return ctx.completions.add(sinkOf(ctx, def.name, d.queue), t.id, seconds, t.retries + 1);
  ctx.metrics.series(def.name, d.queue).failed(seconds);
  ctx.log('error', 'job_failed', {
    task: def.name,
    queue: d.queue,
    jobId: t.id,
    durationMs: Math.round(seconds * 1e4) / 10,
    attempt: t.retries + 1,
    retrying: false,
    error,
  });
}

const sinks = new WeakMap<ExecContext, Map<string, CompletionSink>>();
function sinkOf(ctx: ExecContext, task: string, queue: string): CompletionSink {
  let m = sinks.get(ctx);
  if (!m) sinks.set(ctx, (m = new Map<string, CompletionSink>()));
  const key = `${task}\u0000${queue}`;
  let s = m.get(key);
  if (!s) m.set(key, (s = { series: ctx.metrics.series(task, queue), log: ctx.jobLog(task, queue) }));
  return s;
}

// A handler's return value as JSON stores it (undefined is None in Python; a Date its ISO string).
function jsonSafe(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v) ?? 'null');
}
