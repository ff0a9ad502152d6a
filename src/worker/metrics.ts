// Prometheus metrics for one worker process through prom-client: the worker's own series plus
// prom-client's default process and Node.js runtime metrics (CPU, memory, heap, event-loop lag,
// GC). One registry per process, with `worker` and `profile` as default labels on every series.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const P = 'task_backend_worker';

/** Duration buckets in seconds: API calls at the low end, ML jobs at the high end. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** Values read at scrape time; `waiting` is undefined for a queue whose count could not be read. */
export interface Gauges {
  inFlight: number;
  concurrency: number;
  ready: boolean;
  redisConnected: boolean;
  waiting: Record<string, number | undefined>;
}

// prom-client's bound children for one task on one queue, made once so a job costs no label lookup.
interface TaskSeries {
  completed: { inc(): void };
  failed: { inc(): void };
  rejected: { inc(): void };
  duration: { observe(v: number): void };
}

type Labels = 'task' | 'queue';

/** Counters and a histogram per task and queue, gauges set at scrape, and the runtime's defaults. */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly series = new Map<string, TaskSeries>(); // "task\0queue" -> children
  private readonly completedTotal: Counter<Labels>;
  private readonly failedTotal: Counter<Labels>;
  private readonly rejectedTotal: Counter<Labels>;
  private readonly duration: Histogram<Labels>;
  private readonly gauges: Record<'inFlight' | 'concurrency' | 'ready' | 'redisConnected', Gauge>;
  private readonly waiting: Gauge<'queue'>;

  constructor(labels: { worker: string; profile: string }, served: ReadonlyArray<{ name: string; queue: string }> = []) {
    const registers = [this.registry];
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry });
    const counter = (name: string, help: string) =>
      new Counter<Labels>({ name: `${P}_${name}`, help, labelNames: ['task', 'queue'], registers });
    this.completedTotal = counter('jobs_completed_total', 'Jobs completed, per task.');
    this.failedTotal = counter('jobs_failed_total', 'Job attempts that threw, per task.');
    this.rejectedTotal = counter('jobs_rejected_total', 'Jobs refused because this worker does not serve their task.');
    this.duration = new Histogram<Labels>({
      name: `${P}_job_duration_seconds`,
      help: 'Handler run time, per task.',
      labelNames: ['task', 'queue'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    const gauge = (name: string, help: string) => new Gauge({ name: `${P}_${name}`, help, registers });
    this.gauges = {
      inFlight: gauge('jobs_in_flight', 'Jobs this process is running now.'),
      concurrency: gauge('concurrency', 'Cap on jobs in flight in this process (--concurrency).'),
      ready: gauge('ready', '1 when /readyz answers 200.'),
      redisConnected: gauge('redis_connected', '1 while the Redis connection is ready.'),
    };
    this.waiting = new Gauge({
      name: `${P}_queue_waiting`,
      help: 'Jobs waiting in each consumed queue.',
      labelNames: ['queue'],
      registers,
    });
    for (const t of served) this.zero(t.name, t.queue); // served tasks export zeros from the start
  }

  /** A job finished successfully after `seconds`. */
  completed(task: string, queue: string, seconds: number): void {
    const s = this.get(task, queue);
    s.completed.inc();
    s.duration.observe(seconds);
  }

  /** A job attempt threw after `seconds` (BullMQ may retry it). */
  failed(task: string, queue: string, seconds: number): void {
    const s = this.get(task, queue);
    s.failed.inc();
    s.duration.observe(seconds);
  }

  /** A job for a task this worker does not serve was refused. */
  rejected(task: string, queue: string): void {
    this.get(task, queue).rejected.inc();
  }

  /** The exposition text, with the gauges set to `g` first. */
  async render(g: Gauges): Promise<string> {
    this.gauges.inFlight.set(g.inFlight);
    this.gauges.concurrency.set(g.concurrency);
    this.gauges.ready.set(g.ready ? 1 : 0);
    this.gauges.redisConnected.set(g.redisConnected ? 1 : 0);
    this.waiting.reset(); // a queue whose depth could not be read is omitted, not left at an old value
    for (const [queue, n] of Object.entries(g.waiting)) if (n !== undefined) this.waiting.set({ queue }, n);
    return this.registry.metrics();
  }

  /** The Content-Type of render()'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  // A served task exports every series at zero; a refused one only its counters (no histogram).
  private zero(task: string, queue: string): void {
    this.get(task, queue);
    this.duration.zero({ task, queue });
  }

  // The three counters of a task first seen here start at zero together, as one row of a table.
  private get(task: string, queue: string): TaskSeries {
    const key = `${task}\u0000${queue}`;
    let s = this.series.get(key);
    if (!s) {
      for (const c of [this.completedTotal, this.failedTotal, this.rejectedTotal]) c.inc({ task, queue }, 0);
      s = {
        completed: this.completedTotal.labels(task, queue),
        failed: this.failedTotal.labels(task, queue),
        rejected: this.rejectedTotal.labels(task, queue),
        duration: this.duration.labels(task, queue),
      };
      this.series.set(key, s);
    }
    return s;
  }
}
