// A running worker process: health endpoints first, then Redis (retried forever), then one
// Consumer per queue; on SIGTERM a bounded drain that hands unfinished jobs straight back.

import { Queue, type Job } from 'bullmq';
import { CONTAINER } from '../../contract/defaults.js';
import type { RedisClient } from '../../producer/redis-open.js';
import type { TaskDefinition } from '../../producer/registry.js';
import { Cluster } from 'ioredis';
import { closeRedis, connectRedis, queueSlots, servingProblem, whenReady } from '../connection.js';
import { within } from '../../producer/settle.js';
import { STALE_AFTER_MS, type Snapshot } from '../health.js';
import { RunnerBase } from '../runner-base.js';
import { Consumer } from './consumer.js';
import { createProcessor, observe, type DispatchContext } from './dispatch.js';
import { aclRule, permissionProblem, PERMISSION_RETRY_MS } from './preflight.js';

/** How long one Redis call may take during shutdown or a scrape before we stop waiting. */
const REDIS_CALL_BUDGET_MS = 1_000;

/** One BullMQ worker process; main.ts owns signals and exit codes. */
export class WorkerProcess extends RunnerBase {
  private client?: RedisClient;
  private refused?: string;
  /** Cluster: each queue's hash slot, so readiness can tell when its master is gone. */
  private keySlots?: Map<string, number>;
  private consumers: Consumer[] = [];
  private queues: Queue[] = [];
  private readonly log = this.logger.log;

  /** Listen, connect (waiting out Redis outages), start consumers; returns once ready or stopping. */
  async start(): Promise<void> {
    const { cfg } = this;
    await this.listen();
    if (!cfg.redis) throw new Error('this runner needs a Redis broker'); // resolveBase always sets one for bullmq
    this.client = connectRedis(cfg.redis, this.log, `${CONTAINER.command}:${cfg.workerName}`);
    if (!(await whenReady(this.client, this.stop))) return;
    if (!(await this.untilPermitted(this.client))) return;
    // Without the slots (a user denied CLUSTER KEYSLOT) readiness falls back to the client's status.
    if (this.client instanceof Cluster) this.keySlots = await queueSlots(this.client, cfg.prefix, cfg.queues).catch(() => undefined);
    this.phase = 'starting';
    const served = this.servedTasks();
    const identity = this.identity();
    for (const queue of cfg.queues) this.startConsumer(queue, served, identity);
    await Promise.race([Promise.all(this.consumers.map((c) => c.waitUntilReady())), this.stop]);
    if (this.phase !== 'starting') return;
    this.phase = 'running';
    this.log('info', 'ready', { queues: cfg.queues, tasks: cfg.served.map((t) => t.name), concurrency: cfg.concurrency });
  }

  // Wait, not ready, while the Redis user lacks BullMQ's rights; the error says which ACL grants them.
  // False when stopped while waiting. Not an exit: a restarting pod would only repeat the refusal.
  private async untilPermitted(client: RedisClient): Promise<boolean> {
    for (;;) {
      this.refused = await permissionProblem(client, this.cfg.prefix, this.cfg.queues);
      if (!this.refused) return true;
      this.log('error', 'redis_permission_denied', {
        error: this.refused,
        hint: `grant the Redis user ${aclRule(this.cfg.prefix)} (ACL SETUSER <user> ${aclRule(this.cfg.prefix)}); checking again in ${PERMISSION_RETRY_MS / 1000} s`,
      });
      const again = new Promise<boolean>((r) => setTimeout(() => r(true), PERMISSION_RETRY_MS).unref());
      if (!(await Promise.race([again, this.stop.then(() => false)]))) return false;
    }
  }

  /** Jobs this process holds right now (fetched, not finished). */
  get inFlight(): number {
    return this.consumers.reduce((n, c) => n + c.held.size, 0);
  }

  // One queue: its Consumer (running at once) and a Queue handle for the waiting-jobs gauge.
  private startConsumer(queue: string, served: Map<string, TaskDefinition>, identity: string): void {
    const { cfg, client } = this;
    const ctx: DispatchContext = {
      served,
      queue,
      identity,
      metrics: this.metrics,
      log: this.log,
      jobLog: this.logger.jobLog,
      completions: this.completions,
      signal: this.aborter.signal,
    };
    const durations = new WeakMap<Job, number>();
    const refused = new WeakSet<Job>();
    const consumer = new Consumer(
      {
        queue,
        connection: client as RedisClient,
        prefix: cfg.prefix,
        concurrency: cfg.concurrency,
        lockDurationMs: cfg.lockDurationMs,
        stalledIntervalMs: cfg.stalledIntervalMs,
      },
      createProcessor(ctx, durations, refused),
      this.slots,
    );
    observe(consumer, ctx, durations, refused);
    this.consumers.push(consumer);
    consumer.run().catch((err) => this.log('error', 'consumer_stopped', { queue, error: err }));
    const q = new Queue(queue, { connection: client as RedisClient, prefix: cfg.prefix });
    q.on('error', () => undefined); // connection errors are logged once, by the connection
    this.queues.push(q);
  }

  /** What /readyz and /livez judge: one fetch loop per queue. */
  snapshot(): Snapshot {
    const problem = this.client && servingProblem(this.client, this.keySlots);
    return {
      phase: this.phase,
      redisReady: this.client?.status === 'ready' && !problem,
      ...(problem ? { redisProblem: problem } : {}),
      ...(this.refused ? { redisRefused: this.refused } : {}),
      consumers: this.consumers.map((c) => ({ queue: c.name, running: c.isRunning(), heartbeatAt: c.heartbeatAt })),
      saturated: this.slots.inUse >= this.slots.capacity,
      now: Date.now(),
      staleAfterMs: STALE_AFTER_MS,
    };
  }

  /** Each queue's waiting jobs; skipped (undefined) where Redis does not answer fast. */
  protected async depths(): Promise<Record<string, number | undefined>> {
    const waiting: Record<string, number | undefined> = {};
    await Promise.all(
      this.queues.map(async (q) => {
        const counts = q.getJobCounts('wait', 'prioritized');
        waiting[q.name] = undefined;
        if (await within(counts, REDIS_CALL_BUDGET_MS)) {
          const c = await counts.catch(() => undefined);
          if (c) waiting[q.name] = (c.wait ?? 0) + (c.prioritized ?? 0);
        }
      }),
    );
    return waiting;
  }

  /** Drain: stop fetching, wait up to --shutdown-timeout, requeue what is unfinished, disconnect. */
  async shutdown(signal: string): Promise<void> {
    this.phase = 'draining';
    this.slots.close();
    this.stopRequested();
    const timeoutMs = this.cfg.shutdownTimeout * 1000;
    this.log('info', 'draining', { signal, inFlight: this.inFlight, timeoutS: this.cfg.shutdownTimeout });
    const closed = Promise.allSettled(this.consumers.map((c) => c.close()));
    const finished = await within(closed, timeoutMs);
    const requeued = finished ? 0 : await this.requeueHeld();
    if (!finished) this.aborter.abort(new Error('worker shutting down: the job was handed back to its queue'));
    await Promise.all(this.queues.map((q) => within(q.close(), REDIS_CALL_BUDGET_MS)));
    if (this.client) await closeRedis(this.client, REDIS_CALL_BUDGET_MS);
    this.closeServer();
    this.log('info', 'stopped', { finishedInTime: finished, requeued });
  }

  // Put every job still held back at the head of its queue, under our lock token, right now,
  // instead of leaving it locked until another worker's stall check (30-60 s) recovers it.
  private async requeueHeld(): Promise<number> {
    let moved = 0;
    await Promise.all(
      this.consumers
        .flatMap((c) => [...c.held.values()])
        .map(async ({ job, token, queue, since }) => {
          const fields = { task: job.name, queue, jobId: job.id, heldMs: Date.now() - since };
          const op = job.moveToWait(token);
          const settled = await within(op, REDIS_CALL_BUDGET_MS * 2);
          const error = settled
            ? await op.then(
                () => undefined,
                (e: unknown) => e,
              )
            : new Error('timed out');
          if (error) this.log('warn', 'job_requeue_failed', { ...fields, error, note: 'the stall check will recover it' });
          else {
            moved++;
            this.log('info', 'job_requeued', fields);
          }
        }),
    );
    return moved;
  }
}
