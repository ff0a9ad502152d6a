// Structured logs: one JSON object per line on stdout, one line per event. Lines are batched for up
// to FLUSH_MS (or FLUSH_BYTES) into one write: stdout to a pipe is synchronous in Node, and one
// write per job would make a busy worker wait on its log reader.

/** Severity of an event. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

/** Log an event with fields; `event` is a stable snake_case name (no quoting) that tests and alerts match on. */
export type LogFn = (level: Level, event: string, fields?: Record<string, unknown>) => void;

/** Log an event whose fields are already JSON members (`"k":v,...`), optionally at a past time (ms). */
export type LogJsonFn = (level: Level, event: string, members: string, atMs?: number) => void;

/** A logger bound to fixed fields (worker, profile) plus a synchronous flush for exit paths. */
export interface Logger {
  log: LogFn;
  logJson: LogJsonFn;
  flush: () => void;
}

/** Longest a log line waits in the batch. */
export const FLUSH_MS = 20;
/** Batch size that forces a write; below a pipe's 64 KB so one write rarely waits on the reader. */
export const FLUSH_BYTES = 16 * 1024;

/** Make a logger writing to `write` (stdout by default); `base` fields go on every line. */
export function createLogger(
  base: Record<string, unknown>,
  write: (chunk: string) => void = (c) => process.stdout.write(c),
  now: () => number = Date.now,
): Logger {
  const baseJson = JSON.stringify(base).slice(1, -1);
  const head = baseJson ? `,${baseJson}` : '';
  let lastMs = -1;
  let lastIso = '';
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    write(chunk);
  };
  const logJson: LogJsonFn = (level, event, members, atMs) => {
    const ms = atMs ?? now();
    if (ms !== lastMs) [lastMs, lastIso] = [ms, new Date(ms).toISOString()];
    pending += `{"ts":"${lastIso}","level":"${level}","event":"${event}"${head}${members ? `,${members}` : ''}}\n`;
    if (pending.length >= FLUSH_BYTES) flush();
    else timer ??= setTimeout(flush, FLUSH_MS).unref();
  };
  const log: LogFn = (level, event, fields = {}) => logJson(level, event, JSON.stringify(plain(fields)).slice(1, -1));
  return { log, logJson, flush };
}

/** A short, single-line description of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}

// Errors become their message (JSON.stringify would print `{}`); a replacer function would cost
// a call per key on every line, so only top-level fields are converted.
function plain(fields: Record<string, unknown>): Record<string, unknown> {
  for (const key in fields) {
    if (fields[key] instanceof Error)
      return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? errorMessage(v) : v]));
  }
  return fields;
}
