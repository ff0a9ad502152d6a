// Completed jobs, recorded on the hot path in O(1) and turned into metrics and `job_completed`
// log lines in batches. At concurrency 1 every job waits on the previous one, so the work done
// between a job's completion and the next job's start is on the critical path; batching moves it
// off that path and runs it with warm caches.

import { FLUSH_MS, type LogJsonFn } from './log.js';
import type { WorkerMetrics } from './metrics.js';

interface Completion {
  task: string;
  queue: string;
  jobId: string | undefined;
  seconds: number;
  attempt: number;
  at: number;
}

/** A buffer of completions, flushed every FLUSH_MS, before a scrape, and before exit. */
export class Completions {
  private buf: Completion[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly members = new Map<string, string>(); // "task\0queue" -> `"task":..,"queue":..`

  constructor(
    private readonly metrics: WorkerMetrics,
    private readonly logJson: LogJsonFn,
  ) {}

  /** Record one completed job (the `completed` event). */
  add(task: string, queue: string, jobId: string | undefined, seconds: number, attempt: number): void {
    this.buf.push({ task, queue, jobId, seconds, attempt, at: Date.now() });
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Count and log everything recorded so far. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buf;
    this.buf = [];
    for (const c of batch) {
      this.metrics.completed(c.task, c.queue, c.seconds);
      const fixed = this.fixed(c.task, c.queue);
      const ms = Math.round(c.seconds * 1e4) / 10;
      this.logJson('info', 'job_completed', `${fixed},"jobId":${JSON.stringify(c.jobId)},"durationMs":${ms},"attempt":${c.attempt}`, c.at);
    }
  }

  private fixed(task: string, queue: string): string {
    const key = `${task}\u0000${queue}`;
    let m = this.members.get(key);
    if (m === undefined) this.members.set(key, (m = `"task":${JSON.stringify(task)},"queue":${JSON.stringify(queue)}`));
    return m;
  }
}
