// The one harness of the worker and producer tests: Redis with a private prefix per test, the
// built binaries as child processes (the worker with parsed JSON logs), teardown of both after
// each test or file (workerRig), free ports, HTTP probes and polling.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BIN = resolve(ROOT, 'dist/src/worker/main.js');
/** The built task-backend-enqueue. */
export const ENQUEUE_BIN = resolve(ROOT, 'dist/src/producer/enqueue-main.js');
export const TEST_APP = resolve(ROOT, 'test/worker/fixtures/app.mjs');
export const EXAMPLE_APP = resolve(ROOT, 'dist/examples/app/index.js');

/** Fail loudly when the build is missing instead of timing out on a process that never starts. */
export function requireBuild(): void {
  for (const f of [BIN, ENQUEUE_BIN, EXAMPLE_APP]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` (make test does) before vitest`);
  }
}

/** A BullMQ prefix no other test (or run) uses. */
export function uniquePrefix(label: string): string {
  return `tbwt-${label}-${randomBytes(4).toString('hex')}`;
}

/** Delete every key under a prefix through a client of the caller's (SCAN, not KEYS). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Delete every key under a prefix, on a connection of its own. */
export async function cleanPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await r.connect();
    await dropPrefix(r, prefix);
  } finally {
    r.disconnect();
  }
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Poll `fn` until it returns a truthy value, or throw naming `what`. */
/** The truthy values of T: what waitUntil resolves with. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export async function waitUntil<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v as Truthy<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
  );
}

/** GET a path on 127.0.0.1:port; status 0 means the connection failed. */
export async function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** True once something accepts TCP connections on the port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), res(true)));
    s.once('error', () => res(false));
  });
}

/** A JSON log line from the worker. */
export type LogLine = Record<string, unknown> & { event: string };

/** A running worker binary and everything it said. */
export interface WorkerHandle {
  proc: ChildProcess;
  logs: LogLine[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(pred: (l: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  kill(signal?: NodeJS.Signals): void;
}

/** Start the built worker with argv and env (TASK_BACKEND_* from the test, nothing inherited but PATH). */
export function startWorker(argv: string[], env: Record<string, string>): WorkerHandle {
  const proc = spawn(process.execPath, [BIN, ...argv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let err = '';
  let buf = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
  });
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => res({ code, signal })),
  );
  return {
    proc,
    logs,
    stderr: () => err,
    exited,
    waitForLog: (pred, what, timeoutMs = 10_000) => waitUntil(() => logs.find(pred), `log ${what}; stderr: ${err}`, timeoutMs),
    kill: (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}

/** What a binary run to completion said. */
export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a built binary to completion, `stdin` written to it (else none); nothing inherited from the environment but PATH. */
export async function runBin(bin: string, argv: string[], env: Record<string, string> = {}, stdin?: string): Promise<BinResult> {
  const proc = spawn(process.execPath, [bin, ...argv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  if (stdin !== undefined) proc.stdin?.end(stdin);
  const code = await new Promise<number | null>((res) => proc.once('close', (c) => res(c)));
  return { code, stdout, stderr };
}

/** Run the worker binary to completion (CLI paths that exit by themselves). */
export const runWorker = (argv: string[], env: Record<string, string> = {}): Promise<BinResult> => runBin(BIN, argv, env);

/** Run task-backend-enqueue to completion. */
export const runEnqueue = (argv: string[], env: Record<string, string> = {}, stdin?: string): Promise<BinResult> =>
  runBin(ENQUEUE_BIN, argv, env, stdin);

/** A fresh prefix, the env that points a worker at it, its queues and its workers. */
export interface RigSetup {
  prefix: string;
  env: Record<string, string>;
  queue: (name: string) => Queue;
  start: (argv: string[], env?: Record<string, string>) => WorkerHandle;
}

/**
 * One test file's Redis, prefixes, queues and worker processes, with their teardown registered
 * (after the file's own afterAll hooks, which vitest runs first):
 * workers are killed after each test, queues closed and prefixes deleted after the file. setup()
 * points TASK_BACKEND_BROKER_URL, TASK_BACKEND_PREFIX and (unless `env` says otherwise)
 * TASK_BACKEND_APP at this Redis, a new prefix and the test app.
 */
export function workerRig({ build = true }: { build?: boolean } = {}): {
  redis: Redis;
  setup(label: string, env?: Record<string, string>): RigSetup;
  track(w: WorkerHandle): WorkerHandle;
} {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefixes: string[] = [];
  const queues: Queue[] = [];
  const workers: WorkerHandle[] = [];
  if (build) beforeAll(requireBuild); // in-process tests need no dist/
  afterEach(() => {
    for (const w of workers.splice(0)) w.kill('SIGKILL');
  });
  afterAll(async () => {
    for (const q of queues.splice(0)) await q.close();
    for (const p of prefixes) await cleanPrefix(p);
    redis.disconnect();
  });
  const track = (w: WorkerHandle): WorkerHandle => (workers.push(w), w);
  return {
    redis,
    track,
    setup(label, extra = {}) {
      const prefix = uniquePrefix(label);
      prefixes.push(prefix);
      const env = { TASK_BACKEND_BROKER_URL: REDIS_URL, TASK_BACKEND_PREFIX: prefix, TASK_BACKEND_APP: TEST_APP, ...extra };
      const queue = (name: string): Queue => {
        const q = new Queue(name, { connection: redis, prefix });
        queues.push(q);
        return q;
      };
      return { prefix, env, queue, start: (argv, more = {}) => track(startWorker(argv, { ...env, ...more })) };
    },
  };
}

/** One sample of a Prometheus exposition text: its name, labels and value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parse the text format's sample lines (comments skipped); label order does not matter to Prometheus, nor here. */
export function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], JSON.parse(`"${x[2]}"`) as string]),
      );
      return { name: m[1] as string, labels, value: Number(m[3]) };
    });
}

/** The value of the sample with exactly these labels, or undefined when there is none. */
export function sampleValue(text: string | Sample[], name: string, labels: Record<string, string>): number | undefined {
  const samples = typeof text === 'string' ? parseMetrics(text) : text;
  const want = JSON.stringify(Object.entries(labels).sort());
  return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}
