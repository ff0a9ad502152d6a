// Plumbing for the Celery interop tests: a private redis-server per test file (kombu's keys are
// global to a database), Debian's Python Celery as client and worker, the built worker with
// --backend=celery. Every process started here is stopped by its PID.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { freePort, portOpen, requireBuild, ROOT, startWorker, waitUntil, type WorkerHandle } from '../../helpers/worker.js';

export const FIXTURES = resolve(ROOT, 'test/worker/celery/fixtures');
export const NODE_APP = resolve(FIXTURES, 'app.mjs');
/** Debian's interpreter: the only one that sees python3-celery (platform-notes). */
export const PYTHON = '/usr/bin/python3';

/** A redis-server of this file's own on a free loopback port. */
export interface PrivateRedis {
  broker: string;
  backend: string;
  client: Redis;
  stop(): Promise<void>;
}

/** Start redis-server without persistence; db 0 is the broker, db 1 the result backend. */
export async function startRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'celery-redis-'));
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  await waitUntil(() => portOpen(port), `redis-server on ${port}`);
  const client = new Redis(`redis://127.0.0.1:${port}/0`, { maxRetriesPerRequest: 1 });
  return {
    broker: `redis://127.0.0.1:${port}/0`,
    backend: `redis://127.0.0.1:${port}/1`,
    client,
    stop: async () => {
      client.disconnect();
      await stopProcess(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signal a child (its whole process group when it leads one: a prefork pool), SIGKILL after 5 s. */
export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  const kill = (s: NodeJS.Signals) => {
    try {
      process.kill(groups.has(proc) ? -(proc.pid as number) : (proc.pid as number), s);
    } catch {
      // already gone
    }
  };
  kill(signal);
  const t = setTimeout(() => kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(t);
}

const groups = new WeakSet<ChildProcess>(); // children started as process-group leaders

/** What fixtures/client.py prints. */
export type PyAnswer = { id: string } & { ids: string[] } & {
  ok: boolean;
  value?: unknown;
  type?: string;
  module?: string;
  message?: string;
};

/** Run one command of fixtures/client.py (send, many, get) against the broker and backend. */
export async function py(r: Pick<PrivateRedis, 'broker' | 'backend'>, cmd: unknown): Promise<PyAnswer> {
  const proc = spawn(PYTHON, [resolve(FIXTURES, 'client.py'), JSON.stringify(cmd)], {
    env: { PATH: process.env.PATH ?? '', CELERY_BROKER: r.broker, CELERY_BACKEND: r.backend },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((res) => proc.once('close', res));
  if (code !== 0) throw new Error(`client.py ${JSON.stringify(cmd)} failed: ${err}`);
  return JSON.parse(out) as PyAnswer;
}

/** A Python Celery worker (prefork) on fixtures/pyapp.py, with its combined output. */
export interface PyWorker {
  proc: ChildProcess;
  output: () => string;
  ready: Promise<void>;
}

/** Start `python3 -m celery -A pyapp worker` on `queues`; `ready` resolves when it says so. */
export function startPyWorker(
  r: Pick<PrivateRedis, 'broker' | 'backend'>,
  queues: string[],
  opts: { concurrency?: number; visibility?: number } = {},
): PyWorker {
  const args = [
    '-m',
    'celery',
    '-A',
    'pyapp',
    'worker',
    '-Q',
    queues.join(','),
    '-c',
    String(opts.concurrency ?? 1),
    '-P',
    'prefork',
    '-l',
    'INFO',
    '--without-gossip',
    '--without-mingle',
    '--without-heartbeat',
  ];
  const proc = spawn(PYTHON, args, {
    cwd: FIXTURES,
    env: {
      PATH: process.env.PATH ?? '',
      CELERY_BROKER: r.broker,
      CELERY_BACKEND: r.backend,
      VISIBILITY: String(opts.visibility ?? 3600),
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: kill -9 takes the pool's children with it
  });
  groups.add(proc);
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const ready = waitUntil(() => /celery@\S+ ready/.test(out), 'the Python worker to be ready', 30_000).then(() => undefined);
  return { proc, output: () => out, ready };
}

/** Start the built worker with --backend=celery on the test app. */
export function startNode(
  r: Pick<PrivateRedis, 'broker' | 'backend'>,
  argv: string[] = [],
  env: Record<string, string> = {},
): WorkerHandle {
  return startWorker(['--backend=celery', `--app=${NODE_APP}`, '--health-port=0', ...argv], {
    TASK_BACKEND_BROKER_URL: r.broker,
    TASK_BACKEND_RESULT_BACKEND: r.backend,
    TASK_BACKEND_WORKER_NAME: 'celery-node-test',
    ...env,
  });
}

/** A test file's rig: its private Redis (`r`, set before the first test) and the Node and Python workers its tests start, SIGKILLed after each test with every database flushed. */
export interface CeleryRig {
  r: PrivateRedis;
  workers: WorkerHandle[];
  pys: PyWorker[];
}

/** Register the hooks of one rig for the calling test file. */
export function celeryRig(): CeleryRig {
  const rig: CeleryRig = { r: undefined as unknown as PrivateRedis, workers: [], pys: [] };
  beforeAll(async () => {
    requireBuild();
    rig.r = await startRedis();
  });
  afterEach(async () => {
    for (const w of rig.workers.splice(0)) {
      w.kill('SIGKILL');
      await w.exited;
    }
    for (const p of rig.pys.splice(0)) await stopProcess(p.proc, 'SIGKILL');
    await rig.r.client.flushall();
  });
  afterAll(async () => rig.r?.stop());
  return rig;
}
