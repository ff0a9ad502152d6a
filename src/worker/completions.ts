// Completed jobs, recorded in O(1) when BullMQ reports them and turned into metrics and
// `job_completed` lines in batches. At concurrency 1 BullMQ reports a completion between one job's
// end and the next job's start, so whatever runs there delays every job; on this machine that
// delay cost more CPU per job (Redis on loopback sleeps, and waking it is charged to the writer)
// than the work itself. The logger drains this buffer before any other line, so lines keep their order.

import { FLUSH_MS, type JobLog } from './log.js';
import type { TaskSeries } from './metrics.js';

/** Where one task's completions on one queue go: its metric series and its log lines. */
export interface CompletionSink {
  series: TaskSeries;
  log: JobLog;
}

/** A flat buffer (sink, jobId, seconds, attempt, at) x n, flushed every FLUSH_MS, before other lines and scrapes. */
export class Completions {
  private buf: unknown[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Record one completed job. */
  add(sink: CompletionSink, jobId: string | undefined, seconds: number, attempt: number): void {
    this.buf.push(sink, jobId, seconds, attempt, Date.now());
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Count and log everything recorded so far, in the order it happened. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const b = this.buf;
    if (b.length === 0) return;
    this.buf = [];
    for (let i = 0; i < b.length; i += 5) {
      const sink = b[i] as CompletionSink;
      const seconds = b[i + 2] as number;
      sink.series.completed(seconds);
      sink.log.completed(b[i + 1] as string | undefined, Math.round(seconds * 1e4) / 10, b[i + 3] as number, b[i + 4] as number);
    }
  }
}
