// Enqueueing while Redis cannot answer: a private listener that accepts TCP and never replies, and a
// closed port. The library's enqueue rejects with a message naming the URL (password hidden), and
// task-backend-enqueue exits 1 saying what to do; neither hangs. Then the same producer works against
// the real Redis, so a timeout leaves nothing behind.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnqueuer, enqueue, closeEnqueue } from '../../src/producer/enqueue.js';
import { createProducer, DEFAULT_ENQUEUE_TIMEOUT_MS, EnqueueTimeoutError } from '../../src/producer/producer.js';
import { clearRegistry, registerTask } from '../../src/producer/registry.js';
import { cleanPrefix, freePort, REDIS_URL, requireBuild, runEnqueue, uniquePrefix, waitUntil } from '../helpers/worker.js';

const prefix = uniquePrefix('timeouts');
let silent: Server;
let silentPort = 0;
let closedPort = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  requireBuild();
  clearRegistry();
  registerTask({ name: 'ping', queue: 'pings', handler: () => 1 });
  silent = createServer((s) => {
    sockets.add(s); // accepted, read (so its end is seen), never answered
    s.on('close', () => sockets.delete(s)).on('error', () => undefined);
    s.resume();
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  silentPort = (silent.address() as { port: number }).port;
  closedPort = await freePort();
});
afterAll(async () => {
  await closeEnqueue();
  for (const s of sockets) s.destroy();
  silent.close();
  await cleanPrefix(prefix);
});

/** Run task-backend-enqueue against `url` on this file's prefix. */
const enqueueCmd = (argv: string[], url: string) => runEnqueue(argv, { TASK_BACKEND_BROKER_URL: url, TASK_BACKEND_PREFIX: prefix });

describe('the library enqueue settles while Redis cannot answer', () => {
  const cases = (): Array<[string, string, RegExp]> => [
    [
      'a listener that never answers',
      `redis://:hunter2@127.0.0.1:${silentPort}/0`,
      new RegExp(
        `^enqueue 'ping': Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${silentPort}/0 did not confirm the job within 300 ms ` +
          `\\(the TCP connection is open but nothing answers: is that port a Redis server\\?\\); check that Redis is up there`,
      ),
    ],
    [
      'a closed port',
      `redis://127.0.0.1:${closedPort}`,
      new RegExp(
        `Redis at redis://127\\.0\\.0\\.1:${closedPort} did not confirm the job within 300 ms \\(last error: connect ECONNREFUSED`,
      ),
    ],
  ];
  it.each([0, 1])('case %i: rejects with the URL, what was seen and the fix, then closes', async (i) => {
    const [, url, message] = cases()[i] as [string, string, RegExp];
    const producer = createEnqueuer({ connection: url, prefix, timeoutMs: 300, log: false });
    const error = await producer.enqueue('ping', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnqueueTimeoutError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/hunter2/);
    await producer.close(); // settles too
  });

  it('drops the connection that did not answer, so the unconfirmed job is never sent later', async () => {
    const producer = createProducer({
      catalogue: { ping: 'pings' },
      connection: `redis://127.0.0.1:${silentPort}`,
      timeoutMs: 300,
      log: false,
    });
    await expect(producer.enqueue('ping', {})).rejects.toThrow(EnqueueTimeoutError);
    await waitUntil(() => sockets.size === 0, 'the silent listener to see the connection closed');
    await producer.close();
  });

  it("with the caller's own client: rejects, says the client may still send it, and leaves the client alone", async () => {
    const client = new Redis(`redis://127.0.0.1:${silentPort}`, { maxRetriesPerRequest: null });
    const producer = createProducer({ catalogue: { ping: 'pings' }, connection: client, timeoutMs: 300, log: false });
    try {
      await expect(producer.enqueue('ping', {})).rejects.toThrow(
        /nothing answers: is that port a Redis server\?; your client may still send it when it reconnects\); check that Redis is up/,
      );
      expect(client.status).not.toBe('end');
      await producer.close();
    } finally {
      client.disconnect();
    }
  });

  it('the default producer of enqueue() is bounded too, by default 10 s', async () => {
    expect(DEFAULT_ENQUEUE_TIMEOUT_MS).toBe(10_000);
    const saved = process.env.TASK_BACKEND_BROKER_URL;
    process.env.TASK_BACKEND_BROKER_URL = `redis://127.0.0.1:${silentPort}`;
    try {
      await expect(enqueue('ping', {})).rejects.toThrow(/did not confirm the job within 10000 ms/);
    } finally {
      process.env.TASK_BACKEND_BROKER_URL = saved;
      await closeEnqueue();
    }
  }, 30_000);

  it('a producer that timed out connects afresh at its next enqueue, and the unconfirmed job never lands', async () => {
    // A proxy that holds connections unanswered, then forwards them to the real Redis.
    const target = new URL(REDIS_URL);
    let forward = false;
    const held = new Set<Socket>();
    const proxy = createServer((s) => {
      s.on('error', () => undefined);
      if (!forward) return void (held.add(s), s.on('close', () => held.delete(s)).resume());
      const r = connect(Number(target.port || 6379), target.hostname);
      r.on('error', () => s.destroy());
      s.pipe(r).pipe(s);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const url = `redis://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const producer = createEnqueuer({ connection: url, prefix, timeoutMs: 300, log: false });
    try {
      await expect(producer.enqueue('ping', { n: 0 }, { jobId: 'unconfirmed-1' })).rejects.toThrow(EnqueueTimeoutError);
      await waitUntil(() => held.size === 0, 'the unanswered connection dropped');
      forward = true;
      const job = await producer.enqueue('ping', { n: 1 }, { jobId: 'confirmed-1' });
      expect(job.id).toBe('confirmed-1');
    } finally {
      await producer.close();
      proxy.close();
    }
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const q = new Queue('pings', { connection: redis, prefix });
    expect((await q.getJob('confirmed-1'))?.data).toEqual({ n: 1 });
    expect(await q.getJob('unconfirmed-1')).toBeUndefined();
    await q.close();
    redis.disconnect();
  });
});

describe('task-backend-enqueue gives up instead of hanging', () => {
  const cases = (): Array<[string, string, RegExp]> => [
    [
      'a listener that never answers',
      `redis://:hunter2@127.0.0.1:${silentPort}`,
      new RegExp(
        `^task-backend-enqueue: error: Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${silentPort} did not confirm the job within 1 s ` +
          `\\(the TCP connection is open but nothing answers: is that port a Redis server\\?\\): check that Redis is up there and that ` +
          `TASK_BACKEND_BROKER_URL names it, or allow longer with --timeout\\n$`,
      ),
    ],
    [
      'a closed port',
      `redis://127.0.0.1:${closedPort}`,
      new RegExp(
        `Redis at redis://127\\.0\\.0\\.1:${closedPort} did not confirm the job within 1 s \\(last error: connect ECONNREFUSED 127\\.0\\.0\\.1:${closedPort}\\)`,
      ),
    ],
  ];
  it.each([0, 1])('case %i: exit 1, the URL with its password hidden, and the fix', async (i) => {
    const [, url, message] = cases()[i] as [string, string, RegExp];
    const r = await enqueueCmd(['extract_data', '--catalogue', 'examples/app/tasks.yaml', '--timeout=1'], url);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ event: 'producer_started', url: url.replace(':hunter2@', ':***@') });
    expect(lines.slice(1).join('\n') + '\n').toMatch(message);
    expect(r.stderr).not.toMatch(/hunter2|\n\s+at /);
  });

  const bad: Array<[string, RegExp]> = [
    ['0', /--timeout=0: expected seconds, more than 0 and at most 3600 \(default 10\)/],
    ['-1', /--timeout=-1: expected seconds/],
    ['ten', /--timeout=ten: expected seconds/],
    ['3601', /--timeout=3601: expected seconds, more than 0 and at most 3600/],
  ];
  it.each(bad)('--timeout=%s is a usage error (exit 2), before any connection', async (value, message) => {
    const r = await enqueueCmd(
      ['extract_data', '--catalogue', 'examples/app/tasks.yaml', `--timeout=${value}`],
      `redis://127.0.0.1:${silentPort}`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help documents the deadline and its default', async () => {
    const r = await enqueueCmd(['--help'], REDIS_URL);
    expect(r.stdout).toMatch(
      /--timeout S +give up when Redis has not confirmed the job within S seconds, connecting\n +included \(default 10/,
    );
    expect(r.stdout).toMatch(/Exit codes: 0 enqueued, 1 Redis failed or did not answer within --timeout, 2 a usage error/);
  });
});
