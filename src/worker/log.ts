// Structured logs through pino: one JSON object per line on stdout, written in the order the events
// happen, every line carrying `worker` and `profile`. Lines collect in pino's SonicBoom destination
// and leave in one write per FLUSH_BYTES or FLUSH_MS: one write per job to a pipe would make a busy
// worker wait on its log reader. Exit paths call flush(), which writes what is left synchronously.

import { pino, type Logger as Pino } from 'pino';

/** Severity of an event. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

/** Log an event with fields; `event` is a stable snake_case name that tests and alerts match on. */
export type LogFn = (level: Level, event: string, fields?: Record<string, unknown>) => void;

/** The per-job lines of one task on one queue; task and queue are serialized once, as pino bindings. */
export interface JobLog {
  completed(jobId: string | undefined, durationMs: number, attempt: number): void;
}

/** A logger bound to fixed fields (worker, profile), plus a synchronous flush for exit paths. */
export interface Logger {
  log: LogFn;
  jobLog: (task: string, queue: string) => JobLog;
  flush: () => void;
}

/** Where lines go: SonicBoom's shape, or a test's collector. */
export interface LogSink {
  write(chunk: string): unknown;
  flushSync(): void;
}

/** Longest a log line waits in the buffer. */
export const FLUSH_MS = 20;
/** Buffered bytes that force a write; below SonicBoom's 16 KB per write and a pipe's 64 KB, so a write rarely waits on the reader. */
export const FLUSH_BYTES = 8 * 1024;

/** stdout through SonicBoom: synchronous writes (so an exit never loses or reorders a line), batched. */
export function stdoutSink(): LogSink {
  return pino.destination({ dest: 1, sync: true, minLength: FLUSH_BYTES });
}

/** Make a logger writing to `sink` (stdout by default); `base` fields go on every line. */
export function createLogger(
  base: { worker: string; profile: string },
  sink: LogSink = stdoutSink(),
  now: () => number = Date.now,
): Logger {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    sink.flushSync();
  };
  // SonicBoom writes once minLength is buffered; this bounds how long a quiet worker's line waits.
  const stream = {
    write(line: string) {
      sink.write(line);
      timer ??= setTimeout(flush, FLUSH_MS).unref();
    },
  };
  const root: Pino<never, boolean> = pino(
    {
      base,
      level: 'debug',
      timestamp: isoTime(now),
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const log: LogFn = (level, event, fields = {}) => root[level]({ event, ...plain(fields) });
  const jobLog = (task: string, queue: string): JobLog => {
    const child = root.child({ task, queue });
    return { completed: (jobId, durationMs, attempt) => child.info({ event: 'job_completed', jobId, durationMs, attempt }) };
  };
  return { log, jobLog, flush };
}

// pino's own isoTime builds a Date per line; a busy worker logs many lines per millisecond.
function isoTime(now: () => number): () => string {
  let lastMs = -1;
  let last = '';
  return () => {
    const ms = now();
    if (ms !== lastMs) [lastMs, last] = [ms, `,"ts":"${new Date(ms).toISOString()}"`];
    return last;
  };
}

/** A short, single-line description of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}

// Errors become their first message line (JSON would print `{}`, pino's err serializer a stack).
function plain(fields: Record<string, unknown>): Record<string, unknown> {
  for (const key in fields) {
    if (fields[key] instanceof Error)
      return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? errorMessage(v) : v]));
  }
  return fields;
}
