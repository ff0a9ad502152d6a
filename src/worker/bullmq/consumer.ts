// One BullMQ Worker per consumed queue, subclassed so that every fetch first takes a process-wide
// slot (--concurrency caps jobs in flight across queues) and every fetched job is held in `held`
// until it finishes, so shutdown knows exactly which jobs to hand back.

import { Worker, type Job } from 'bullmq';
import type { RedisClient } from '../../producer/redis-open.js';
import type { Slots } from '../slots.js';

/** A job this process holds (active in Redis under our lock token). */
export interface HeldJob {
  job: Job;
  token: string;
  queue: string;
  since: number;
}

/** BullMQ settings for one consumer. */
export interface ConsumerOptions {
  queue: string;
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** BullMQ's processor signature (job, token); we never ask BullMQ for per-job abort signals. */
export type Processor = (job: Job, token?: string) => Promise<unknown>;

/** A BullMQ Worker whose fetches are gated by shared Slots and whose jobs are tracked in `held`. */
export class Consumer extends Worker {
  /** Jobs fetched and not yet finished, by job id; shutdown requeues what is left. */
  readonly held = new Map<string, HeldJob>();
  /** Last time the fetch loop did something: asked Redis for a job or finished one. */
  heartbeatAt = Date.now();
  private readonly slotTokens = new Set<string>();
  private readonly unstarted = new Set<string>();

  constructor(
    readonly settings: ConsumerOptions,
    processor: Processor,
    private readonly slots: Slots,
  ) {
    super(settings.queue, processor, {
      connection: settings.connection,
      prefix: settings.prefix,
      // No `name`: BullMQ would write it into every job (processedBy), a Redis write per job that
      // costs ~3% of no-op throughput; logs, metrics and refusal reasons carry the worker's name.
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      autorun: false,
    });
  }

  // Fetch only with a slot in hand. BullMQ's loop fetches before it starts what it fetched, so a
  // consumer holding a fetched, unstarted job must not wait for a slot (two queues would deadlock):
  // it reports "no job" and BullMQ goes on to start what it has. A token that already holds a slot
  // (BullMQ re-fetching after a DelayedError) keeps it.
  protected override async moveToActive(token: string, name?: string): Promise<Job> {
    this.heartbeatAt = Date.now();
    const holds = this.slotTokens.has(token);
    if (!holds) {
      if (!(await this.takeSlot())) return undefined as unknown as Job; // no slot or shutting down
      this.slotTokens.add(token);
    }
    try {
      const job = await super.moveToActive(token, name);
      this.heartbeatAt = Date.now();
      if (job) this.fetched(job, token);
      else if (!holds) this.releaseSlot(token);
      return job;
    } catch (err) {
      if (!holds) this.releaseSlot(token);
      throw err;
    }
  }

  // Run the job; the slot passes to the next job BullMQ fetched on completion, unless another
  // consumer is waiting for a slot (fairness across queues) or we are shutting down.
  override async processJob(job: Job, token: string, fetchNext: () => boolean = () => true): Promise<void | Job> {
    this.unstarted.delete(job.id ?? '');
    this.track(job, token);
    let next: void | Job = undefined;
    try {
      next = await super.processJob(job, token, () => fetchNext() && !this.slots.contended && !this.slots.isClosed);
      return next;
    } finally {
      this.held.delete(job.id ?? '');
      this.heartbeatAt = Date.now();
      if (next) this.fetched(next, token);
      else this.releaseSlot(token);
    }
  }

  private takeSlot(): Promise<boolean> | boolean {
    return this.unstarted.size > 0 ? this.slots.tryAcquire() : this.slots.acquire();
  }

  private fetched(job: Job, token: string): void {
    this.unstarted.add(job.id ?? '');
    this.track(job, token);
  }

  private track(job: Job, token: string): void {
    const id = job.id ?? '';
    if (!this.held.has(id)) this.held.set(id, { job, token, queue: this.settings.queue, since: Date.now() });
  }

  private releaseSlot(token: string): void {
    if (this.slotTokens.delete(token)) this.slots.release();
  }
}
