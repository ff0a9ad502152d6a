// The shipped image, task-backend:<appVersion>, built with podman (or reused) and run under the
// chart's restrictions: UID 1000, read-only root with a /tmp mount, no capabilities, no new
// privileges. It must list the example app's tasks and complete a job against the real Redis.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanPrefix, freePort, httpGet, REDIS_URL, ROOT, uniquePrefix, waitUntil } from '../helpers/worker.js';
import { ensureImage, IMAGE, podman, processStatus, RESTRICTED } from './podman.js';

const node = (script: string) => podman(['run', '--rm', ...RESTRICTED, '--entrypoint', 'node', IMAGE, '-e', script]);

describe(`image ${IMAGE}`, () => {
  beforeAll(ensureImage, 600_000);

  it('is configured to start task-backend-worker as UID 1000, with the example app as its app', async () => {
    const config = JSON.parse((await podman(['image', 'inspect', '--format', '{{json .Config}}', IMAGE])).stdout);
    expect(config.User).toBe('1000:1000');
    expect(config.Entrypoint).toEqual(['task-backend-worker']);
    expect(config.Env).toContain('TASK_BACKEND_APP=/opt/task-backend/dist/examples/app/index.js');
    expect(config.Labels['org.opencontainers.image.version']).toBe(IMAGE.split(':')[1]);
    // Without --user it is still 1000: the image says so, not only the flags.
    const r = await podman([
      'run',
      '--rm',
      '--read-only',
      '--entrypoint',
      'node',
      IMAGE,
      '-p',
      'process.getuid() + ":" + process.getgid()',
    ]);
    expect(r.stdout.trim()).toBe('1000:1000');
  });

  it('runs on a read-only root: / and the code are not writable, /tmp is', async () => {
    const r = await node(`
      const fs = require('node:fs');
      const tryWrite = (p) => { try { fs.writeFileSync(p, 'x'); return 'ok'; } catch (e) { return e.code; } };
      console.log(JSON.stringify({ uid: process.getuid(), version: process.version,
        root: tryWrite('/x'), code: tryWrite('/opt/task-backend/x'), app: tryWrite('/app/x'), tmp: tryWrite('/tmp/x') }));`);
    expect(JSON.parse(r.stdout)).toEqual({ uid: 1000, version: 'v20.20.2', root: 'EROFS', code: 'EROFS', app: 'EROFS', tmp: 'ok' });
  });

  it('ships production dependencies only: no dev packages, no TypeScript sources, maps or tests', async () => {
    const lock = JSON.parse(readFileSync(resolve(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages)
      .filter(([p, v]) => p && v.dev)
      .map(([p]) => `/opt/task-backend/${p}`);
    expect(devOnly.length).toBeGreaterThan(0);
    const r = await node(`
      const fs = require('node:fs'), path = require('node:path');
      const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
      const files = walk('/opt/task-backend').filter((f) => !f.includes('/node_modules/'));
      console.log(JSON.stringify({ dev: ${JSON.stringify(devOnly)}.filter((p) => fs.existsSync(p)),
        odd: files.filter((f) => !/\\.js$/.test(f) && f !== '/opt/task-backend/package.json'), tests: fs.existsSync('/opt/task-backend/test') }));`);
    expect(JSON.parse(r.stdout)).toEqual({ dev: [], odd: [], tests: false });
  });

  it('has task-backend-worker on PATH: --help', async () => {
    const r = await podman(['run', '--rm', ...RESTRICTED, '--entrypoint', 'task-backend-worker', IMAGE, '--help']);
    expect(r.stdout).toMatch(/^Usage: task-backend-worker/);
    expect(r.stdout).toContain('--list-tasks');
  });

  it('registers the example app: --list-tasks --json is examples/app/tasks.yaml', async () => {
    const r = await podman(['run', '--rm', ...RESTRICTED, IMAGE, '--list-tasks', '--json']);
    const listed = JSON.parse(r.stdout) as Array<{ name: string; queue: string }>;
    const table = parse(readFileSync(resolve(ROOT, 'examples/app/tasks.yaml'), 'utf8'));
    expect(Object.fromEntries(listed.map((t) => [t.name, { queue: t.queue }]))).toEqual(table);
    expect(listed).toHaveLength(16);
  });

  describe('a worker container against the real Redis', () => {
    const prefix = uniquePrefix('image');
    const name = `tb-image-test-${prefix.split('-').pop()}`;
    let clients: Redis[] = [];
    let queue: Queue;
    let queueEvents: QueueEvents;

    beforeAll(() => {
      clients = [new Redis(REDIS_URL, { maxRetriesPerRequest: null }), new Redis(REDIS_URL, { maxRetriesPerRequest: null })];
      queue = new Queue('file_processing', { connection: clients[0]!, prefix });
      queueEvents = new QueueEvents('file_processing', { connection: clients[1]!, prefix });
    });

    afterAll(async () => {
      await podman(['rm', '-f', '-t', '0', name], { allowFail: true });
      await Promise.all([queue?.close(), queueEvents?.close()]);
      for (const c of clients) c.disconnect();
      await cleanPrefix(prefix);
    }, 60_000);

    it('serves one task, completes its job, drains on SIGTERM and exits 0 with `stopped`', async () => {
      const port = await freePort();
      await podman([
        'run',
        '-d',
        '--name',
        name,
        ...RESTRICTED,
        '-e',
        `TASK_BACKEND_BROKER_URL=${REDIS_URL}`,
        '-e',
        `TASK_BACKEND_PREFIX=${prefix}`,
        IMAGE,
        '--tasks=extract_data',
        `--health-port=${port}`,
      ]);
      await waitUntil(async () => (await httpGet(port, '/readyz')).status === 200, 'the container to be ready', 20_000);

      // The process itself, seen from the host: UID 1000, no capabilities, no new privileges.
      const status = await processStatus(name);
      expect(status.Uid!.split(/\s+/)).toEqual(['1000', '1000', '1000', '1000']);
      expect(status.CapEff).toBe('0000000000000000');
      expect(status.NoNewPrivs).toBe('1');

      await queueEvents.waitUntilReady();
      const job = await queue.add('extract_data', { csv: 'city,n\nOslo,3\nLima,5\n' });
      expect(await job.waitUntilFinished(queueEvents, 15_000)).toEqual({
        columns: ['city', 'n'],
        records: [
          { city: 'Oslo', n: '3' },
          { city: 'Lima', n: '5' },
        ],
      });

      // The image's own producer command, routing from the image's app, on the worker's prefix.
      const env = ['-e', `TASK_BACKEND_BROKER_URL=${REDIS_URL}`, '-e', `TASK_BACKEND_PREFIX=${prefix}`];
      const enq = await podman([
        'run',
        '--rm',
        ...RESTRICTED,
        ...env,
        '--entrypoint',
        'task-backend-enqueue',
        IMAGE,
        'extract_data',
        '{"csv":"a\\n1\\n"}',
      ]);
      const enqueued = JSON.parse(enq.stdout) as { event: string; queue: string; jobId: string };
      expect(enqueued).toMatchObject({ event: 'enqueued', queue: 'file_processing' });
      const viaCli = await Job.fromId(queue, enqueued.jobId);
      expect(await viaCli!.waitUntilFinished(queueEvents, 15_000)).toEqual({ columns: ['a'], records: [{ a: '1' }] });

      // The worker writes no file, so the rendered pods (read-only root, no /tmp mount) suit it.
      const tmp = await podman(['exec', name, 'node', '-p', 'JSON.stringify(require("node:fs").readdirSync("/tmp"))']);
      expect(JSON.parse(tmp.stdout)).toEqual([]);

      await podman(['stop', '-t', '30', name], { timeoutMs: 40_000 });
      const state = (await podman(['inspect', '--format', '{{.State.ExitCode}} {{.State.Status}}', name])).stdout.trim();
      expect(state).toBe('0 exited');
      const logs = (await podman(['logs', name])).stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
      const said = logs.map((l) => l.event);
      expect(said).toEqual(expect.arrayContaining(['starting', 'ready', 'job_completed', 'draining', 'stopped']));
      expect(said).not.toContain('routing_warning');
      expect(logs.find((l) => l.event === 'stopped')).toMatchObject({ finishedInTime: true, requeued: 0 });
    }, 90_000);
  });
});
