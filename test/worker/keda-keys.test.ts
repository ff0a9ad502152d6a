// The rendered ScaledObject's triggers read the keys BullMQ really writes: a plain BullMQ Queue
// adds jobs (plain, prioritized, delayed) on two queues, a bare BullMQ Worker holds some active,
// and each trigger's key, counted as KEDA's redis scaler counts it (TYPE, then LLEN or ZCARD; a
// missing key is 0), summed by the rendered formula, gives exactly the jobs not yet done: waiting,
// prioritized and running, plus one while delayed jobs exist. A renamed key would read 0 and fail.
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { gen } from '../helpers/run.js';
import { cleanPrefix, REDIS_URL, uniquePrefix, waitUntil } from '../helpers/worker.js';

type Obj = Record<string, any>;
const prefix = uniquePrefix('keda');
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
let release: () => void = () => undefined;
const hold = new Promise<void>((r) => (release = r));
let worker: Worker | undefined;
const queues: Queue[] = [];

/** KEDA's redis scaler: a zset by ZCARD, a list (or nothing) by LLEN (pkg/scalers/redis_scaler.go). */
async function kedaCount(key: string): Promise<number> {
  const type = await redis.type(key);
  if (type === 'zset') return redis.zcard(key);
  if (type === 'list' || type === 'none') return redis.llen(key);
  throw new Error(`KEDA cannot count ${key}: a ${type}`);
}

/** The rendered formula, evaluated: a sum of trigger names and at most one `min(a + b, 1)` term. */
function evaluate(formula: string, values: Record<string, number>): number {
  const wake = /\+ min\(([^)]*), 1\)$/.exec(formula);
  const sum = (terms: string) =>
    terms
      .split('+')
      .map((t) => t.trim())
      .reduce((n, name) => n + (values[name] ?? Number.NaN), 0);
  return wake ? sum(formula.slice(0, wake.index)) + Math.min(sum(wake[1] as string), 1) : sum(formula);
}

function scaledObject(): Obj {
  const values = {
    taskConfig: { prefix, redis: { secret: { name: 'r', addressKey: 'address' } } },
    tasks: { resize: { queue: 'images' }, thumb: { queue: 'images' }, ocr: { queue: 'docs' } },
    workers: { busy: { autoscaling: { enabled: true, mode: 'keda', minReplicas: 0, maxReplicas: 5, wakeForDelayed: true } } },
  };
  const r = gen(stringify(values));
  const so = r.objects?.find((o) => o.object.kind === 'ScaledObject')?.object;
  if (!so) throw new Error(JSON.stringify(r.diagnostics));
  return so;
}

beforeAll(async () => {
  const [images, docs] = ['images', 'docs'].map((name) => new Queue(name, { connection: redis, prefix }));
  queues.push(images as Queue, docs as Queue);
  await images!.addBulk([1, 2, 3].map((i) => ({ name: 'resize', data: { i } })));
  await images!.add('thumb', {}, { priority: 5 });
  await images!.add('thumb', {}, { priority: 1 });
  await images!.add('resize', {}, { delay: 60_000 });
  await images!.add('thumb', {}, { delay: 90_000, priority: 2 });
  await docs!.add('ocr', {});
  // Two jobs held active by a bare BullMQ worker that never finishes them during the test.
  worker = new Worker('images', () => hold, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency: 2 });
  await waitUntil(async () => (await images!.getActiveCount()) === 2, 'two active jobs');
});

afterAll(async () => {
  release();
  await worker?.close(true);
  await Promise.all(queues.map((q) => q.close()));
  await cleanPrefix(prefix);
  redis.disconnect();
});

describe('the rendered KEDA triggers against the keys BullMQ writes', () => {
  it('name only keys that exist, of types KEDA counts, for each consumed queue', async () => {
    const triggers = scaledObject().spec.triggers as Obj[];
    expect(triggers.map((t) => t.name).sort()).toEqual([
      'active_0',
      'active_1',
      'delayed_0',
      'delayed_1',
      'prioritized_0',
      'prioritized_1',
      'wait_0',
      'wait_1',
    ]);
    const types = await Promise.all(triggers.map(async (t) => [t.metadata.listName, await redis.type(t.metadata.listName)]));
    // docs has nothing prioritized, delayed or active: those keys are absent, which KEDA reads as 0.
    expect(Object.fromEntries(types)).toEqual({
      [`${prefix}:images:wait`]: 'list',
      [`${prefix}:images:prioritized`]: 'zset',
      [`${prefix}:images:active`]: 'list',
      [`${prefix}:images:delayed`]: 'zset',
      [`${prefix}:docs:wait`]: 'list',
      [`${prefix}:docs:prioritized`]: 'none',
      [`${prefix}:docs:active`]: 'none',
      [`${prefix}:docs:delayed`]: 'none',
    });
  });

  it('sum, through the formula, to the jobs not yet done plus one for the delayed ones', async () => {
    const so = scaledObject();
    const counts = Object.fromEntries(
      await Promise.all((so.spec.triggers as Obj[]).map(async (t) => [t.name, await kedaCount(t.metadata.listName)])),
    );
    // Added: 3 plain + 2 prioritized on images, 1 plain on docs (2 of images' now active) = 6; 2 delayed.
    expect(evaluate(so.spec.advanced.scalingModifiers.formula as string, counts)).toBe(6 + 1);
    // BullMQ's own counts agree: the five on images are two active and three still waiting.
    const c = await queues[0]!.getJobCounts('wait', 'prioritized', 'active', 'delayed');
    expect([(c.wait ?? 0) + (c.prioritized ?? 0), c.active, c.delayed]).toEqual([3, 2, 2]);
  });
});
