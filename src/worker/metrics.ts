// Prometheus metrics for one worker process, served by prom-client: the worker's own series plus
// prom-client's default process and Node.js runtime metrics (CPU, memory, heap, event-loop lag,
// GC). One registry per process, with `worker` and `profile` as default labels on every series.
// A job only adds to plain numbers (its task's Tally); prom-client reads them at scrape time, since
// its own inc()/observe() validate and hash the labels on every call (bench/README.md, "Metrics").

import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { PROBES } from '../contract/defaults.js';
import { METRIC_LABELS as L, METRICS as M } from '../contract/monitoring/metrics.js';
import { DURATION_BUCKETS, durationHistogram, type Tally } from './histogram.js';

export { DURATION_BUCKETS } from './histogram.js';

/** The `task` label of refused jobs whose name the app does not register: job names come from any
 *  producer, and each raw name would be a new series. Not a valid task name, so never a real one. */
export const UNREGISTERED_TASK = '(unregistered)';

/** Values read at scrape time; `waiting` is undefined for a queue whose count could not be read. */
export interface Gauges {
  inFlight: number;
  concurrency: number;
  ready: boolean;
  redisConnected: boolean;
  waiting: Record<string, number | undefined>;
}

/** One task on one queue: what a job adds to. */
export interface TaskSeries {
  completed(seconds: number): void;
  /** An attempt threw (BullMQ may retry it). */
  failed(seconds: number): void;
  /** Refused: this worker does not serve the task. */
  rejected(): void;
}

type Pick = (t: Tally) => number;

/** The worker's metrics registry. */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly tallies = new Map<string, Tally>(); // "task\0queue" -> tally, in first-seen order
  private readonly gauges: Record<'inFlight' | 'concurrency' | 'ready' | 'redisConnected', Gauge>;
  private readonly waiting: Gauge<'queue'>;

  constructor(labels: { worker: string; profile: string }, served: ReadonlyArray<{ name: string; queue: string }> = []) {
    const registers = [this.registry];
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry });
    const tallies = () => [...this.tallies.values()];
    const counter = (name: string, help: string, pick: Pick) =>
      new Counter({
        name,
        help,
        labelNames: [L.task, L.queue],
        registers,
        collect() {
          this.reset();
          for (const t of tallies()) this.inc({ task: t.task, queue: t.queue }, pick(t));
        },
      });
    counter(M.completed, 'Jobs completed, per task.', (t) => t.completed);
    counter(M.failed, 'Job attempts that threw, per task.', (t) => t.failed);
    counter(M.rejected, 'Jobs refused because this worker does not serve their task.', (t) => t.rejected);
    this.registry.registerMetric(durationHistogram(M.duration, tallies));
    const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
    this.gauges = {
      inFlight: gauge(M.inFlight, 'Jobs this process is running now.'),
      concurrency: gauge(M.concurrency, 'Cap on jobs in flight in this process (--concurrency).'),
      ready: gauge(M.ready, `1 when ${PROBES.readiness.path} answers 200.`),
      redisConnected: gauge(M.redisConnected, '1 while the Redis connection is ready.'),
    };
    this.waiting = new Gauge({
      name: M.waiting,
      help: 'Jobs waiting in each consumed queue.',
      labelNames: [L.queue],
      registers,
    });
    for (const t of served) this.tally(t.name, t.queue).timed = true; // served tasks export zeros from the start
  }

  /** The series of one task on one queue, made on first use; callers keep it (no lookup per job). */
  series(task: string, queue: string): TaskSeries {
    const t = this.tally(task, queue);
    const observe = (seconds: number) => {
      let i = 0;
      while (i < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[i] as number)) i++;
      t.buckets[i] = (t.buckets[i] as number) + 1;
      t.sum += seconds;
      t.count++;
      t.timed = true;
    };
    return {
      completed: (seconds) => (t.completed++, observe(seconds)),
      failed: (seconds) => (t.failed++, observe(seconds)),
      rejected: () => void t.rejected++,
    };
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

  private tally(task: string, queue: string): Tally {
    const key = `${task}\u0000${queue}`;
    let t = this.tallies.get(key);
    if (!t) {
      t = {
        task,
        queue,
        completed: 0,
        failed: 0,
        rejected: 0,
        timed: false,
        buckets: [0, ...DURATION_BUCKETS.map(() => 0)],
        sum: 0,
        count: 0,
      };
      this.tallies.set(key, t);
    }
    return t;
  }
}
