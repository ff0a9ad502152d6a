// Shared plumbing for the worker tests: Redis with a private prefix per test, the built binary
// as a child process with parsed JSON logs, free ports, HTTP probes and polling.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BIN = resolve(ROOT, 'dist/src/worker/main.js');
export const TEST_APP = resolve(ROOT, 'test/worker/fixtures/app.mjs');
export const EXAMPLE_APP = resolve(ROOT, 'dist/examples/app/index.js');

/** Fail loudly when the build is missing instead of timing out on a process that never starts. */
export function requireBuild(): void {
  for (const f of [BIN, EXAMPLE_APP]) {
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

/** Run the binary to completion (CLI paths that exit by themselves). */
export async function runWorker(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((res) => proc.once('close', (c) => res(c)));
  return { code, stdout, stderr };
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
