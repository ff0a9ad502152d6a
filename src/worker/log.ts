// Structured logs through pino: one JSON object per line on stdout, written in the order the events
// happen, every line carrying `worker` and `profile`. pino formats; the lines collect in one string
// and leave in one stdout write per FLUSH_BYTES or FLUSH_MS, because one write per job to a pipe
// would make a busy worker wait on its log reader. Exit paths call flush(), which writes what is left.

import { pino, type Logger as Pino } from 'pino';
import { errorMessage } from '../producer/settle.js';

/** Severity of an event. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

/** Log an event with fields; `event` is a stable snake_case name that tests and alerts match on. */
export type LogFn = (level: Level, event: string, fields?: Record<string, unknown>) => void;

/** The per-job lines of one task on one queue; task and queue are serialized once, as pino bindings. */
export interface JobLog {
  /** A `job_completed` line stamped with the completion time `atMs`. */
  completed(jobId: string | undefined, durationMs: number, attempt: number, atMs: number): void;
}

/** A logger bound to fixed fields (worker, profile), plus a synchronous flush for exit paths. */
export interface Logger {
  log: LogFn;
  jobLog: (task: string, queue: string) => JobLog;
  /** Run `drain` before every other line and every flush: buffered job lines go out first, in order. */
  drainFirst: (drain: () => void) => void;
  flush: () => void;
}

/** Where batches of lines go: stdout (synchronous for files and pipes on Linux), or a test's collector. */
export type LogSink = (chunk: string) => void;

/** Longest a log line waits in the buffer. */
export const FLUSH_MS = 20;
/** Buffered bytes that force a write; below a pipe's 64 KB, so a write rarely waits on the reader. */
export const FLUSH_BYTES = 16 * 1024;

// Not pino.destination(): SonicBoom measures the byte length of its whole pending buffer on every
// write, 1.1-1.7 us a line here against 0.3 us for this string (bench/README.md, "Logs").
const stdoutSink: LogSink = (chunk) => process.stdout.write(chunk);

/** Make a logger writing to `sink` (stdout by default); `base` fields go on every line. */
export function createLogger(base: { worker: string; profile: string }, sink: LogSink = stdoutSink, now: () => number = Date.now): Logger {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  let drain = () => {};
  let stamp: number | undefined; // a job line's own time, else the clock
  const flush = () => {
    drain();
    clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    sink(chunk);
  };
  const stream = {
    write(line: string) {
      pending += line;
      if (pending.length >= FLUSH_BYTES) flush();
      else timer ??= setTimeout(flush, FLUSH_MS).unref();
    },
  };
  const root: Pino<never, boolean> = pino(
    {
      base,
      level: 'debug',
      timestamp: isoTime(() => stamp ?? now()),
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const log: LogFn = (level, event, fields = {}) => {
    drain();
    root[level]({ event, ...plain(fields) });
  };
  const jobLog = (task: string, queue: string): JobLog => {
    const child = root.child({ task, queue });
    return {
      completed: (jobId, durationMs, attempt, atMs) => {
        stamp = atMs;
        child.info({ event: 'job_completed', jobId, durationMs, attempt });
        stamp = undefined;
      },
    };
  };
  // Whatever ends the process (an app calling process.exit, the event loop running dry, an exit
  // path that forgot to flush), the buffered lines go out first: stdout is a file or a pipe, whose
  // writes are synchronous on Linux, so they are written before the process is gone.
  if (sink === stdoutSink) process.once('exit', flush);
  return { log, jobLog, drainFirst: (fn) => void (drain = fn), flush };
}

// pino's isoTime formats a Date per line (0.6 us); the date and time change once a second, the
// milliseconds are three digits.
function isoTime(now: () => number): () => string {
  let second = NaN;
  let head = '';
  return () => {
    const ms = now();
    const s = Math.floor(ms / 1000);
    if (s !== second) [second, head] = [s, `,"ts":"${new Date(s * 1000).toISOString().slice(0, 20)}`];
    const frac = ms - s * 1000;
    return `${head}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z"`;
  };
}

// Errors become their first message line (JSON would print `{}`, pino's err serializer a stack).
function plain(fields: Record<string, unknown>): Record<string, unknown> {
  for (const key in fields) {
    if (fields[key] instanceof Error)
      return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? errorMessage(v) : v]));
  }
  return fields;
}
