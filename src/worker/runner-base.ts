// What a worker process is whatever its backend: its slots, metrics and completion lines, the
// health server, the stop signal start() races against, and /metrics rendered one way from a
// snapshot and the queue depths, which each backend reads from its own broker.

import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { getTask, type TaskDefinition } from '../producer/registry.js';
import { Completions } from './completions.js';
import type { ResolvedConfig } from './config.js';
import { readiness, serveHealth, type Phase, type Snapshot } from './health.js';
import type { Logger } from './log.js';
import { WorkerMetrics } from './metrics.js';
import { Slots } from './slots.js';

/** The backend-free half of a worker process, so the BullMQ and Celery runners share one /metrics and health server. */
export abstract class RunnerBase {
  phase: Phase = 'connecting';
  readonly slots: Slots;
  readonly metrics: WorkerMetrics;
  readonly completions = new Completions();
  /** Aborted when shutdown hands unfinished jobs back: the handlers' ctx.signal. */
  protected readonly aborter = new AbortController();
  protected stopRequested!: () => void;
  /** Settles when shutdown begins, so a start() still waiting on the broker gives up. */
  protected readonly stop = new Promise<void>((resolve) => (this.stopRequested = resolve));
  private server?: Server;

  constructor(
    readonly cfg: ResolvedConfig,
    protected readonly logger: Logger,
  ) {
    this.slots = new Slots(cfg.concurrency);
    this.metrics = new WorkerMetrics({ worker: cfg.workerName, profile: cfg.profileLabel }, cfg.served);
    logger.drainFirst(() => this.completions.flush());
  }

  /** Jobs this process holds right now. */
  abstract get inFlight(): number;
  /** What /readyz and /livez judge. */
  abstract snapshot(): Snapshot;
  /** Waiting jobs per queue; undefined where the broker did not answer in time. */
  protected abstract depths(): Promise<Record<string, number | undefined>>;

  /** The handlers of the tasks this process serves, by name (the config checked each is registered). */
  protected servedTasks(): Map<string, TaskDefinition> {
    return new Map(this.cfg.served.map((t) => [t.name, getTask(t.name) as TaskDefinition]));
  }

  /** How a refusal reason names this process. */
  protected identity(): string {
    return `worker '${this.cfg.workerName}' (profile '${this.cfg.profileLabel}', host ${hostname()}, pid ${process.pid})`;
  }

  /** Serve the probes and /metrics, when a health port is set: before the broker, so liveness holds during outages. */
  protected async listen(): Promise<void> {
    if (this.cfg.healthPort <= 0) return;
    this.server = await serveHealth(
      this.cfg.healthPort,
      () => this.snapshot(),
      () => this.metricsText(),
    );
    this.logger.log('info', 'health_listening', { port: this.cfg.healthPort });
  }

  /** /metrics: counters plus gauges read now, queue depths from the backend. */
  async metricsText(): Promise<string> {
    const waiting = await this.depths();
    this.completions.flush();
    const s = this.snapshot();
    return this.metrics.render({
      inFlight: this.inFlight,
      concurrency: this.cfg.concurrency,
      ready: readiness(s).ok,
      redisConnected: s.redisReady,
      waiting,
    });
  }

  /** Stop serving the probes, dropping kept-alive connections too. */
  protected closeServer(): void {
    this.server?.close();
    this.server?.closeAllConnections();
  }
}
