// Prometheus metrics for one worker process, written in the text exposition format (0.0.4).
// Small enough to own: counters and one histogram per task, gauges sampled at scrape time.

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

interface TaskSeries {
  task: string;
  queue: string;
  completed: number;
  failed: number;
  rejected: number;
  served: boolean;
  buckets: number[];
  sum: number;
  count: number;
}

/** Counters per task and queue, labelled with the worker's name and profile on every series. */
export class WorkerMetrics {
  private readonly series = new Map<string, Map<string, TaskSeries>>(); // task -> queue -> series

  constructor(
    private readonly labels: { worker: string; profile: string },
    served: ReadonlyArray<{ name: string; queue: string }> = [],
  ) {
    for (const t of served) this.get(t.name, t.queue).served = true; // served tasks export zeros from the start
  }

  /** A job finished successfully after `seconds`. */
  completed(task: string, queue: string, seconds: number): void {
    const s = this.get(task, queue);
    s.completed++;
    this.observe(s, seconds);
  }

  /** A job attempt threw after `seconds` (BullMQ may retry it). */
  failed(task: string, queue: string, seconds: number): void {
    const s = this.get(task, queue);
    s.failed++;
    this.observe(s, seconds);
  }

  /** A job for a task this worker does not serve was refused. */
  rejected(task: string, queue: string): void {
    this.get(task, queue).rejected++;
  }

  /** The whole exposition text. */
  render(g: Gauges): string {
    const all = [...this.series.values()]
      .flatMap((m) => [...m.values()])
      .sort((a, b) => a.task.localeCompare(b.task) || a.queue.localeCompare(b.queue));
    const out: string[] = [];
    const family = (name: string, type: string, help: string) => out.push(`# HELP ${P}_${name} ${help}`, `# TYPE ${P}_${name} ${type}`);
    const line = (name: string, labels: Record<string, string>, value: number) => out.push(`${P}_${name}${this.fmt(labels)} ${value}`);
    const counters: Array<[string, string, (s: TaskSeries) => number]> = [
      ['jobs_completed_total', 'Jobs completed, per task.', (s) => s.completed],
      ['jobs_failed_total', 'Job attempts that threw, per task.', (s) => s.failed],
      ['jobs_rejected_total', 'Jobs refused because this worker does not serve their task.', (s) => s.rejected],
    ];
    for (const [name, help, pick] of counters) {
      family(name, 'counter', help);
      for (const s of all) line(name, { task: s.task, queue: s.queue }, pick(s));
    }
    family('job_duration_seconds', 'histogram', 'Handler run time, per task.');
    for (const s of all.filter((x) => x.served || x.count > 0)) {
      const l = { task: s.task, queue: s.queue };
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i] ?? 0;
        line('job_duration_seconds_bucket', { ...l, le: String(le) }, cumulative);
      });
      line('job_duration_seconds_bucket', { ...l, le: '+Inf' }, s.count);
      line('job_duration_seconds_sum', l, round(s.sum));
      line('job_duration_seconds_count', l, s.count);
    }
    const gauges: Array<[string, string, Array<[Record<string, string>, number]>]> = [
      ['jobs_in_flight', 'Jobs this process is running now.', [[{}, g.inFlight]]],
      ['concurrency', 'Cap on jobs in flight in this process (--concurrency).', [[{}, g.concurrency]]],
      ['queue_waiting', 'Jobs waiting in each consumed queue.', waitingRows(g.waiting)],
      ['ready', '1 when /readyz answers 200.', [[{}, g.ready ? 1 : 0]]],
      ['redis_connected', '1 while the Redis connection is ready.', [[{}, g.redisConnected ? 1 : 0]]],
    ];
    for (const [name, help, rows] of gauges) {
      family(name, 'gauge', help);
      for (const [l, v] of rows) line(name, l, v);
    }
    return out.join('\n') + '\n';
  }

  private get(task: string, queue: string): TaskSeries {
    let byQueue = this.series.get(task);
    if (!byQueue) this.series.set(task, (byQueue = new Map<string, TaskSeries>()));
    let s = byQueue.get(queue);
    if (!s) {
      s = { task, queue, completed: 0, failed: 0, rejected: 0, served: false, buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
      byQueue.set(queue, s);
    }
    return s;
  }

  // Per-bucket (not cumulative) counts on the hot path; render() accumulates.
  private observe(s: TaskSeries, seconds: number): void {
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[i] as number)) i++;
    if (i < DURATION_BUCKETS.length) s.buckets[i] = (s.buckets[i] as number) + 1;
    s.sum += seconds;
    s.count++;
  }

  private fmt(extra: Record<string, string>): string {
    const all = { ...this.labels, ...extra };
    return `{${Object.entries(all)
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',')}}`;
  }
}

/** Escape a label value per the exposition format: backslash, double quote, newline. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function waitingRows(waiting: Gauges['waiting']): Array<[Record<string, string>, number]> {
  return Object.entries(waiting)
    .filter((e): e is [string, number] => e[1] !== undefined)
    .map(([queue, n]) => [{ queue }, n]);
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
