// A celery worker process: runner-base.ts's health endpoints, slots, metrics and logs around a
// Celery transport. One fetch loop takes a slot, then one message, so the process never holds
// more messages than free slots; a message with a future ETA gives its slot back while it waits.
// SIGTERM: stop fetching, hand waiting ETA messages back at once, let running tasks finish within
// --shutdown-timeout, then hand back what is unfinished and abort the handlers' signal.

import { CONTAINER } from '../../contract/defaults.js';
import { within } from '../../producer/settle.js';
import { STALE_AFTER_MS, type Snapshot } from '../health.js';
import { RunnerBase } from '../runner-base.js';
import type { ResolvedConfig } from '../config.js';
import type { Logger } from '../log.js';
import { refuse, revoke, run, type ExecContext } from './execute.js';
import { ResultStore } from './results.js';
import { openTransport } from './open.js';
import type { Delivery, Transport } from './transport.js';

interface Held {
  d: Delivery;
  running: boolean;
  handedBack: boolean;
  timer?: NodeJS.Timeout;
}

/** One celery worker process; main.ts owns signals and exit codes. */
export class CeleryWorkerProcess extends RunnerBase {
  private readonly held = new Map<string, Held>();
  private readonly transport: Transport;
  private readonly results: ResultStore;
  private readonly running = new Set<Promise<void>>();
  private loop?: Promise<void>;
  private heartbeatAt = Date.now();
  private maintainer?: NodeJS.Timeout;
  private readonly ctx: ExecContext;

  constructor(cfg: ResolvedConfig, logger: Logger) {
    super(cfg, logger);
    const name = `${CONTAINER.command}:${cfg.workerName}`;
    this.transport = openTransport(cfg, logger.log, name);
    this.results = new ResultStore(cfg.resultBackend, `${name}:results`);
    this.ctx = {
      served: this.servedTasks(),
      identity: this.identity(),
      metrics: this.metrics,
      log: logger.log,
      jobLog: logger.jobLog,
      completions: this.completions,
      transport: this.transport,
      results: this.results,
      signal: this.aborter.signal,
    };
  }

  /** Listen, connect (waiting out broker outages), start fetching; returns once ready or stopping. */
  async start(): Promise<void> {
    const { cfg } = this;
    await this.listen();
    if (!(await this.transport.open(this.stop))) return;
    this.phase = 'running';
    await this.maintain();
    const every = Math.min(60_000, Math.max(250, (cfg.visibilityTimeout * 1000) / 4));
    this.maintainer = setInterval(() => void this.maintain(), every);
    this.loop = this.fetchLoop();
    this.logger.log('info', 'ready', { queues: cfg.queues, tasks: cfg.served.map((t) => t.name), concurrency: cfg.concurrency });
  }

  /** Messages this process holds (running, or waiting for their ETA). */
  get inFlight(): number {
    return this.held.size;
  }

  private async fetchLoop(): Promise<void> {
    while (this.phase === 'running') {
      this.heartbeatAt = Date.now();
      if (!(await this.slots.acquire())) break;
      let d: Delivery | undefined;
      try {
        d = await this.transport.fetch();
      } catch (err) {
        this.logger.log('warn', 'fetch_failed', { error: err });
        await new Promise((r) => setTimeout(r, 500));
      }
      if (!d) {
        this.slots.release();
        continue;
      }
      if (this.phase !== 'running') {
        this.slots.release();
        await this.transport.handBack(d).catch((error: unknown) => this.logger.log('warn', 'job_requeue_failed', { error }));
        break;
      }
      this.track(this.handle(d));
    }
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  // Refuse, revoke, wait for the ETA, or run; the slot taken by the fetch is released here.
  private async handle(d: Delivery, slotHeld = true): Promise<void> {
    const h: Held = { d, running: false, handedBack: false };
    this.held.set(d.tag, h);
    try {
      const def = d.decoded.ok ? this.ctx.served.get(d.decoded.task.task) : undefined;
      if (!d.decoded.ok) return await refuse(this.ctx, d, `the message cannot be run: ${d.decoded.reason}`);
      const t = d.decoded.task;
      if (!def) return await refuse(this.ctx, d);
      if (t.expires !== undefined && t.expires <= Date.now()) return await revoke(this.ctx, d, t);
      if (t.eta !== undefined && t.eta > Date.now()) return this.later(h, t.eta - Date.now());
      h.running = true;
      await run(this.ctx, d, t, def, () => h.handedBack);
    } catch (error) {
      this.logger.log('error', 'job_settle_failed', {
        queue: d.queue,
        tag: d.tag,
        error,
        note: 'left unacknowledged; restored after the visibility timeout',
      });
    } finally {
      if (!h.timer) this.held.delete(d.tag);
      if (slotHeld) this.slots.release();
    }
  }

  // An ETA message keeps its unacked record (kept fresh by maintain) but not its slot.
  private later(h: Held, ms: number): void {
    this.eta(+1);
    const due = async () => {
      this.eta(-1);
      if (h.handedBack || !(await this.slots.acquire())) return; // shutting down: handed back there
      h.timer = undefined;
      this.held.delete(h.d.tag);
      this.track(this.handle(h.d));
    };
    h.timer = setTimeout(() => void due(), Math.min(ms, 2 ** 31 - 1));
  }

  private etaHeld = 0;
  private eta(change: number): void {
    this.etaHeld += change;
    void this.transport.credit?.(this.etaHeld).catch((error: unknown) => this.logger.log('warn', 'prefetch_failed', { error }));
  }

  private async maintain(): Promise<void> {
    try {
      const restored = await this.transport.maintain([...this.held.values()].map((h) => h.d));
      if (restored) this.logger.log('info', 'messages_restored', { restored });
    } catch (error) {
      this.logger.log('warn', 'maintain_failed', { error });
    }
  }

  /** What /readyz and /livez judge: one fetch loop serves every queue. */
  snapshot(): Snapshot {
    const running = this.phase === 'running' && this.loop !== undefined;
    return {
      phase: this.phase,
      redisReady: this.transport.connected,
      consumers: this.cfg.queues.map((queue) => ({ queue, running, heartbeatAt: this.heartbeatAt })),
      saturated: this.slots.inUse >= this.slots.capacity,
      now: Date.now(),
      staleAfterMs: STALE_AFTER_MS,
    };
  }

  /** Each queue's waiting messages, summed over its priority lists. */
  protected async depths(): Promise<Record<string, number | undefined>> {
    const waiting: Record<string, number | undefined> = {};
    await Promise.all(this.cfg.queues.map(async (q) => (waiting[q] = await this.transport.depth(q).catch(() => undefined))));
    return waiting;
  }

  /** Drain within --shutdown-timeout, then hand back every unfinished message at once. */
  async shutdown(signal: string): Promise<void> {
    this.phase = 'draining';
    this.slots.close();
    this.stopRequested();
    clearInterval(this.maintainer);
    this.logger.log('info', 'draining', { signal, inFlight: this.inFlight, timeoutS: this.cfg.shutdownTimeout });
    let requeued = await this.handBack((h) => !h.running); // ETA messages waiting: back at once
    await within(this.loop ?? Promise.resolve(), 3_000);
    const finished = await within(Promise.allSettled([...this.running]), this.cfg.shutdownTimeout * 1000);
    if (!finished) {
      requeued += await this.handBack(() => true);
      this.aborter.abort(new Error('worker shutting down: the task was handed back to its queue'));
    }
    await this.transport.close();
    await this.results.close();
    this.closeServer();
    this.logger.log('info', 'stopped', { finishedInTime: finished, requeued });
  }

  private async handBack(which: (h: Held) => boolean): Promise<number> {
    const chosen = [...this.held.values()].filter((h) => !h.handedBack && which(h));
    let moved = 0;
    await Promise.all(
      chosen.map(async (h) => {
        h.handedBack = true;
        clearTimeout(h.timer);
        this.held.delete(h.d.tag);
        const fields = {
          task: h.d.decoded.ok ? h.d.decoded.task.task : undefined,
          queue: h.d.queue,
          jobId: h.d.decoded.ok ? h.d.decoded.task.id : undefined,
        };
        try {
          await this.transport.handBack(h.d);
          moved++;
          this.logger.log('info', 'job_requeued', fields);
        } catch (error) {
          this.logger.log('warn', 'job_requeue_failed', { ...fields, error, note: 'restored after the visibility timeout' });
        }
      }),
    );
    return moved;
  }
}
