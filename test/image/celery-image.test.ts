// The Python Celery image of scripts/celery-image-build.sh (Debian's python3-celery, the example
// app of examples/celery-app), built or reused, run under the chart's restrictions: UID 1000,
// read-only root with a /tmp mount, no capabilities. Its worker, started with the command line the
// chart renders for `runtime: celery`, runs a task that Debian's Celery on the host sends to a
// private redis-server (Celery's keys take no prefix, so the server is the test's own).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, waitUntil } from '../helpers/worker.js';
import { IMAGE as NODE_IMAGE, missingTools, podman, RESTRICTED, run } from './podman.js';

const IMAGE = `celery-app:${NODE_IMAGE.split(':')[1]}`;
const NAME = `celery-image-test-${process.pid}`;
let port = 0;
let server: ChildProcess | undefined;
let redis: Redis;

beforeAll(async () => {
  const missing = missingTools();
  if (missing) throw new Error(missing);
  const r = await run(resolve(ROOT, 'scripts/celery-image-build.sh'), [], 900_000);
  if (r.code !== 0) throw new Error(`scripts/celery-image-build.sh exited ${r.code}:\n${r.stderr.slice(-4000)}`);
  port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redis = new Redis(`redis://127.0.0.1:${port}/0`, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // refused until redis-server listens; waitUntil retries
  await waitUntil(() => redis.ping(), 'redis-server to answer');
}, 900_000);

afterAll(async () => {
  await podman(['rm', '-f', '-t', '0', NAME], { allowFail: true });
  redis?.disconnect();
  server?.kill('SIGTERM');
});

describe(`image ${IMAGE}`, () => {
  it('is UID 1000 and runs `celery --version` on a read-only root', async () => {
    const config = JSON.parse((await podman(['image', 'inspect', '--format', '{{json .Config}}', IMAGE])).stdout);
    expect(config.User).toBe('1000:1000');
    const r = await podman([
      'run',
      '--rm',
      ...RESTRICTED,
      IMAGE,
      'sh',
      '-c',
      'id -u; celery --version; touch /app/x 2>/dev/null || echo ro',
    ]);
    expect(r.stdout.trim().split('\n')).toEqual(['1000', '5.2.6 (dawn-chorus)', 'ro']);
  });

  it('runs a task sent by the host, on the queue the catalogue gives it', async () => {
    const url = `redis://127.0.0.1:${port}/0`;
    await podman([
      'run',
      '-d',
      '--name',
      NAME,
      ...RESTRICTED,
      '-e',
      `CELERY_BROKER_URL=${url}`,
      IMAGE,
      'celery',
      '-A',
      'backend',
      'worker',
      '-Q',
      'file_queue',
      '--hostname',
      'files@%h',
      '--concurrency',
      '1',
    ]);
    const producer = spawn('/usr/bin/python3', ['produce.py'], {
      cwd: resolve(ROOT, 'examples/celery-app'),
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', CELERY_BROKER_URL: url },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    producer.stdin?.end(JSON.stringify({ task: 'file_transform', id: 'img-1' }) + '\n');
    expect(await new Promise((r) => producer.once('exit', r))).toBe(0);
    const runs = await waitUntil(
      async () => ((await redis.llen('celery-app:runs')) >= 2 ? redis.lrange('celery-app:runs', 0, -1) : undefined),
      'the task done',
      60_000,
      200,
    );
    expect(
      runs.map((l) => JSON.parse(l) as Record<string, string>).map((r) => [r.event, r.task, r.id, r.queue, r.worker?.split('@')[0]]),
    ).toEqual([
      ['started', 'file_transform', 'img-1', 'file_queue', 'files'],
      ['done', 'file_transform', 'img-1', 'file_queue', 'files'],
    ]);
  }, 120_000);
});
