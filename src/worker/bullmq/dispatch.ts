// What happens to each job: run the handler of a served task, or refuse the job with a reason that
// names this worker. Refusal uses UnrecoverableError so BullMQ fails it at once (no retry ping-pong):
// the job stays in the queue's failed set, retrievable and retryable once routing is fixed.

import { UnrecoverableError, type Job } from 'bullmq';
import type { Consumer, Processor } from './consumer.js';
import type { CompletionSink, Completions } from '../completions.js';
import { type LogFn, type Logger } from '../log.js';
import { asError, errorMessage } from '../../producer/settle.js';
import { UNREGISTERED_TASK, type WorkerMetrics } from '../metrics.js';
import { getTask, type TaskDefinition } from '../../producer/registry.js';

/** What the processor needs to know about this process. */
export interface DispatchContext {
  served: ReadonlyMap<string, TaskDefinition>;
  queue: string;
  /** Who refuses: worker name, profile, host and pid, for the failed reason. */
  identity: string;
  metrics: WorkerMetrics;
  log: LogFn;
  /** Per-task `job_completed` lines, with task and queue serialized once. */
  jobLog: Logger['jobLog'];
  completions: Completions;
  /** Aborted when the drain deadline passes and unfinished jobs are handed back. */
  signal: AbortSignal;
}

/** The reason stored on a refused job: which worker refused it and why. */
export function refusalReason(ctx: Pick<DispatchContext, 'served' | 'queue' | 'identity'>, task: string): string {
  const names = [...ctx.served.keys()].sort().join(', ');
  return `refused by ${ctx.identity}: task '${task}' on queue '${ctx.queue}' is not served by this worker (serves: ${names})`;
}

/** Build the BullMQ processor for one queue. Durations are kept per job for the completion event. */
export function createProcessor(ctx: DispatchContext, durations: WeakMap<Job, number>, refused: WeakSet<Job>): Processor {
  // Two parameters on purpose: BullMQ builds a per-job AbortController for processors taking a
  // third; handlers get the process's shutdown signal instead, which is the abort that happens.
  return async (job) => {
    const def = ctx.served.get(job.name);
    if (!def) {
      const reason = refusalReason(ctx, job.name);
      refused.add(job);
      // Any producer can send any name: only registered ones become label values (bounded cardinality).
      ctx.metrics.series(getTask(job.name) ? job.name : UNREGISTERED_TASK, ctx.queue).rejected();
      ctx.log('warn', 'job_rejected', { task: job.name, queue: ctx.queue, jobId: job.id, reason });
      throw new UnrecoverableError(reason);
    }
    const started = performance.now();
    try {
      return await def.handler(job.data, { job, id: job.id ?? '', args: [], signal: ctx.signal, task: def.name, queue: ctx.queue });
    } catch (thrown) {
      // BullMQ reads err.message: `throw null` would leave the job in `active` for ever.
      throw asError(thrown);
    } finally {
      durations.set(job, (performance.now() - started) / 1000);
    }
  };
}

/** Turn the consumer's events into metrics and one log line each (completions in batches, in order). */
export function observe(consumer: Consumer, ctx: DispatchContext, durations: WeakMap<Job, number>, refused: WeakSet<Job>): void {
  const queue = ctx.queue;
  const sinks = new Map<string, CompletionSink>(); // task -> its series and log lines on this queue
  const sinkOf = (task: string): CompletionSink => {
    let s = sinks.get(task);
    if (!s) sinks.set(task, (s = { series: ctx.metrics.series(task, queue), log: ctx.jobLog(task, queue) }));
    return s;
  };
  consumer.on('completed', (job) => ctx.completions.add(sinkOf(job.name), job.id, durations.get(job) ?? 0, job.attemptsMade));
  consumer.on('failed', (job, err) => {
    if (!job) return ctx.log('error', 'job_failed', { queue, error: err });
    if (refused.has(job)) return;
    const seconds = durations.get(job) ?? 0;
    sinkOf(job.name).series.failed(seconds);
    const retrying = err.name !== 'UnrecoverableError' && job.attemptsMade < (job.opts.attempts ?? 1);
    ctx.log(retrying ? 'warn' : 'error', 'job_failed', {
      task: job.name,
      queue,
      jobId: job.id,
      durationMs: ms(seconds),
      attempt: job.attemptsMade,
      retrying,
      error: err,
    });
  });
  consumer.on('stalled', (jobId) => ctx.log('warn', 'job_stalled', { queue, jobId, note: 'lock expired; moved back to wait' }));
  consumer.on('error', (err) => {
    if (!isConnectionError(err)) ctx.log('error', 'worker_error', { queue, error: errorMessage(err) });
  });
}

/** Connection trouble is logged once per attempt by the connection itself, not once per queue. */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  const msg = errorMessage(err);
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN)$/.test(code) ||
    /Connection is closed|connect ECONNREFUSED/.test(msg)
  );
}

function ms(seconds: number): number {
  return Math.round(seconds * 1e4) / 10;
}
