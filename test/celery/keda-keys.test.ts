// The rendered ScaledObject of a Celery worker reads the keys Celery really writes: a private
// redis-server, Debian's Python Celery sending tasks at priorities 0-9 to two queues, and the
// rendered Celery command line run verbatim (`celery` is `/usr/bin/python3 -m celery` here). Each
// trigger's key is counted as KEDA v2.21's redis scaler counts it (TYPE, then LLEN, HLEN, SCARD or
// ZCARD; a missing key is 0) and summed by the rendered formula: every task not yet done, waiting
// at any priority or running (kombu's `unacked`). A misnamed key would read 0 and fail. The
// rendered liveness probe runs too, against that worker and against a name no worker has.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gen } from '../helpers/run.js';
import { freePort, waitUntil } from '../helpers/worker.js';

type Obj = Record<string, any>;
const APP = join(import.meta.dirname, 'app');
const PY = '/usr/bin/python3';
let port = 0;
let redisServer: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let redis: Redis;
// `celery` on PATH, as pip installs it in an image (Debian's package has only `python3 -m celery`).
const BIN = mkdtempSync(join(tmpdir(), 'celery-bin-'));

const values = (url: string) => `
taskConfig: { backend_type: celery, broker_url: "${url}" }
tasks:
  file_extract: { queue: file_processing }
  file_processing_done: { queue: file_processing_callback }
workers:
  file-processing:
    runtime: celery
    image: { repository: registry.example.com/backend }
    queues: [file_processing, file_processing_callback]
    concurrency: 1
    celery: { app: backend.workers.file_processing, prefetchMultiplier: 1, acksLate: true }
    autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 4, countUnacked: true }
`;

/** KEDA's redis scaler (pkg/scalers/redis_scaler.go, its Lua script): by the key's TYPE. */
async function kedaCount(key: string): Promise<number> {
  const type = await redis.type(key);
  const count = { zset: () => redis.zcard(key), set: () => redis.scard(key), hash: () => redis.hlen(key) }[type];
  if (count) return count();
  if (type === 'list' || type === 'none') return redis.llen(key);
  throw new Error(`KEDA cannot count ${key}: a ${type}`);
}

let so: Obj;
let container: Obj;
/** The formula's value now: each trigger counted, the formula (a plain sum) applied. */
async function backlog(): Promise<Record<string, number> & { total: number }> {
  const counts: Record<string, number> = {};
  for (const t of so.spec.triggers as Obj[]) counts[t.name] = await kedaCount(t.metadata.listName);
  const names = (so.spec.advanced.scalingModifiers.formula as string).split(' + ');
  return { ...counts, total: names.reduce((n, name) => n + (counts[name] ?? Number.NaN), 0) };
}

const python = (code: string) =>
  new Promise<void>((res, rej) => {
    const p = spawn(PY, ['-c', code], {
      cwd: APP,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', URL: `redis://127.0.0.1:${port}/2` },
      stdio: 'inherit',
    });
    p.once('exit', (c) => (c === 0 ? res() : rej(new Error(`python exited ${c}`))));
  });

beforeAll(async () => {
  port = await freePort();
  redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  redis = new Redis(`redis://127.0.0.1:${port}/2`, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // refused until redis-server listens; waitUntil retries
  await waitUntil(() => redis.ping(), 'redis-server to answer');
  const r = gen(values(`redis://127.0.0.1:${port}/2`));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const objects = (r.objects ?? []).map((o) => o.object as Obj);
  so = objects.find((o) => o.kind === 'ScaledObject') as Obj;
  container = objects.find((o) => o.kind === 'Deployment')?.spec.template.spec.containers[0] as Obj;
}, 30_000);

afterAll(async () => {
  worker?.kill('SIGTERM');
  if (worker && worker.exitCode === null) await new Promise((r) => worker?.once('exit', r));
  redis?.disconnect();
  redisServer?.kill('SIGTERM');
  rmSync(BIN, { recursive: true, force: true });
});

it('counts every task sent, at every priority, on the keys the ScaledObject names', async () => {
  await python(`
import os
from celery import Celery
app = Celery('producer', broker=os.environ['URL'])
for q, p in [('file_processing', 0), ('file_processing', 0), ('file_processing', 3), ('file_processing', 6), ('file_processing_callback', 9), ('file_processing_callback', 5)]:
    app.send_task('file_extract', args=[p], queue=q, priority=p)
`);
  expect(await backlog()).toEqual({
    queue_0: 2,
    p3_0: 1,
    p6_0: 1,
    p9_0: 0,
    queue_1: 0,
    p3_1: 1,
    p6_1: 0,
    p9_1: 1,
    unacked: 0,
    total: 6,
  });
}, 60_000);

it('keeps counting a running task (acks_late, in unacked) while the rendered Celery worker runs it', async () => {
  const env = Object.fromEntries((container.env as Obj[]).filter((e) => 'value' in e).map((e) => [e.name, e.value]));
  expect(container.command).toEqual(['celery']);
  worker = spawn(PY, ['-m', 'celery', ...(container.args as string[]), '-l', 'warning'], {
    cwd: APP,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: 'inherit',
  });
  await waitUntil(async () => Number(await redis.get('started')) === 1, 'the worker to start one task', 60_000, 200);
  const running = await backlog();
  expect(running.unacked).toBe(1); // the running task: prefetch 1 x concurrency 1 reserves no other
  expect(running.total).toBe(6); // nothing done yet, so nothing may look done
  await redis.set('release', '1');
  // kombu moves a message from its list to `unacked` in two steps, so a read between them can see
  // neither: wait for every task to have started and the keys to be empty, not for one empty read.
  await waitUntil(
    async () => Number(await redis.get('started')) === 6 && (await backlog()).total === 0,
    'every task to finish',
    60_000,
    200,
  );
  expect(Number(await redis.get('started'))).toBe(6);
}, 120_000);

it("the rendered liveness probe passes for this pod's worker, and fails for a worker that is not there", () => {
  writeFileSync(join(BIN, 'celery'), `#!/bin/sh\nexec ${PY} -m celery "$@"\n`);
  chmodSync(join(BIN, 'celery'), 0o755);
  const env = Object.fromEntries((container.env as Obj[]).filter((e) => 'value' in e).map((e) => [e.name, e.value]));
  const [cmd, ...args] = container.livenessProbe.exec.command as string[];
  const probe = (host: string) =>
    spawnSync(cmd as string, args, {
      cwd: APP,
      env: { ...process.env, ...env, PYTHONDONTWRITEBYTECODE: '1', PATH: `${BIN}:${process.env.PATH}`, HOSTNAME: host },
      encoding: 'utf8',
    });
  const alive = probe(hostname());
  expect(alive.status, alive.stdout + alive.stderr).toBe(0);
  expect(alive.stdout).toContain('pong');
  expect(probe('not-this-pod').status).not.toBe(0);
}, 90_000);
