// The `./producer` export against the real Redis, observed with plain BullMQ Queues and Workers:
// routing from either catalogue form, BullMQ job options passed through, the prefix it announces.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createProducer, readCatalogue } from '../../src/producer/producer.js';
import { REDIS_URL, ROOT, waitUntil, workerRig } from '../helpers/worker.js';

const rig = workerRig({ build: false });
const { redis } = rig;
const { prefix, queue } = rig.setup('producer');
const EXAMPLE = join(ROOT, 'examples/app/tasks.yaml');
const producer = createProducer({ catalogue: EXAMPLE, connection: redis, prefix, log: false });

afterAll(() => producer.close());

describe('routing', () => {
  it('reads the app form (task: {queue}) and the values form (tasks:) alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbw-cat-'));
    const values = join(dir, 'values.yaml');
    writeFileSync(values, 'workers: {}\ntasks:\n  extract_data: { queue: file_processing }\n  "on": { queue: switches }\n  plain:\n');
    expect(readCatalogue(values)).toEqual({ extract_data: 'file_processing', on: 'switches', plain: 'plain' });
    const app = readCatalogue(EXAMPLE);
    expect(app.ml_training).toBe('ml_queue');
    expect(Object.keys(app)).toHaveLength(16);
    const tasksNamedTasks = join(dir, 'named.yaml');
    writeFileSync(tasksNamedTasks, 'tasks: { queue: q }\nother: { queue: r }\n');
    expect(readCatalogue(tasksNamedTasks)).toEqual({ tasks: 'q', other: 'r' }); // a task called "tasks"
  });

  it('refuses a catalogue it cannot route by, naming the entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbw-cat-'));
    for (const [text, message] of [
      ['a: { queue: "x:y" }\n', /a: a task or queue name must start with a letter/],
      ['a: [q]\n', /a: expected \{queue: NAME\}/],
      ['a: { queue: q }\na: { queue: r }\n', /Map keys must be unique/],
    ] as const) {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, text);
      expect(() => readCatalogue(file)).toThrow(message);
    }
  });

  it('puts a job on its task queue under the task name, and refuses an unknown task', async () => {
    const job = await producer.enqueue('extract_data', { csv: 'a,b' });
    const stored = await queue('file_processing').getJob(job.id!);
    expect(stored?.name).toBe('extract_data');
    expect(stored?.data).toEqual({ csv: 'a,b' });
    expect(producer.queueOf('ml_training')).toBe('ml_queue');
    await expect(producer.enqueue('ml_trainin', {})).rejects.toThrow(/unknown task 'ml_trainin'; known tasks: api_process, .*ml_training/);
  });

  it('tells once where its jobs go', async () => {
    const told: unknown[] = [];
    const p = createProducer({ catalogue: { t: 'q_told' }, connection: redis, prefix, log: (f) => told.push(f) });
    await p.enqueue('t', {});
    await p.enqueue('t', {});
    await p.close();
    expect(told).toEqual([{ event: 'producer_started', prefix, url: expect.stringMatching(/^redis:\/\//) as unknown, tasks: 1 }]);
    expect(redis.status).toBe('ready'); // a caller's client stays open
  });
});

describe('where', () => {
  const refused: Array<[string, Parameters<typeof createProducer>[0], RegExp]> = [
    [
      'an http:// connection',
      { catalogue: { t: 'q' }, connection: 'http://127.0.0.1:6379' },
      /^connection: expected a redis:\/\/ or rediss:\/\/ URL, got 'http:\/\/127.0.0.1:6379' \(scheme http\)$/,
    ],
    [
      'an http:// TASK_BACKEND_BROKER_URL, password hidden',
      { catalogue: { t: 'q' }, env: { TASK_BACKEND_BROKER_URL: 'http://u:hunter2@h:6379' } },
      /^TASK_BACKEND_BROKER_URL: expected a redis:\/\/ or rediss:\/\/ URL, got 'http:\/\/u:\*\*\*@h:6379' \(scheme http\)$/,
    ],
    [
      'a URL without a scheme',
      { catalogue: { t: 'q' }, connection: 'redis-host:6379' },
      /^connection: expected a redis:\/\/ or rediss:\/\/ URL/,
    ],
  ];
  it.each(refused)('refuses %s when it is made, as the worker refuses it', (_l, options, message) => {
    expect(() => createProducer(options)).toThrow(message);
  });

  it('tells the URL as it was given, password hidden', async () => {
    const told: Array<{ url: string }> = [];
    const given = REDIS_URL.replace('redis://', 'redis://:@'); // an empty password: Redis takes no AUTH
    const p = createProducer({ catalogue: { t: 'q_as_given' }, connection: given, prefix, log: (f) => told.push(f) });
    try {
      await p.enqueue('t', {});
    } finally {
      await p.close();
    }
    expect(told.map((t) => t.url)).toEqual([given.replace('redis://:@', 'redis://:***@')]);
  });
});

describe('BullMQ job options pass through', () => {
  it('priority, delay and jobId (idempotent)', async () => {
    const urgent = await producer.enqueue('urgent_task', { n: 1 }, { priority: 5, jobId: 'urgent-1' });
    const again = await producer.enqueue('urgent_task', { n: 2 }, { priority: 5, jobId: 'urgent-1' });
    expect(again.id).toBe('urgent-1');
    const q = queue('high_priority');
    expect(await q.getJobState('urgent-1')).toBe('prioritized');
    expect((await q.getJob('urgent-1'))?.data).toEqual({ n: 1 }); // the second add did not replace it
    expect(await q.getPrioritizedCount()).toBe(1);
    expect(urgent.opts.priority).toBe(5);
    const later = await producer.enqueue('batch_task', {}, { delay: 60_000 });
    expect(await queue('batch_processing').getJobState(later.id!)).toBe('delayed');
  });

  it('attempts with backoff, and removeOnComplete, as a plain BullMQ Worker sees them', async () => {
    const seen: Array<{ attempt: number; at: number }> = [];
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker(
      'api_queue',
      (job: Job) => {
        seen.push({ attempt: job.attemptsMade + 1, at: Date.now() });
        return job.attemptsMade < 2 ? Promise.reject(new Error('not yet')) : Promise.resolve('ok');
      },
      { connection, prefix },
    );
    try {
      const job = await producer.enqueue('api_tasks', {}, { attempts: 3, backoff: { type: 'fixed', delay: 300 }, removeOnComplete: true });
      await waitUntil(() => seen.length === 3, 'three attempts');
      await waitUntil(async () => (await queue('api_queue').getJob(job.id!)) === undefined, 'the completed job removed');
      expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
      expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(290); // the backoff was honoured
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });
});
