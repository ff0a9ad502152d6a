// The user's own values on a real node: examples/values.yaml as it is (`backend_type: celery`, two
// enabled workers, `ml-processing` disabled), with a second values file giving only what a cluster
// needs (the broker, the image from the registry, requests that fit one 2-core node), installed
// with `helm install -f examples/values.yaml -f -` on the project's image. A Python Celery producer
// (Debian's python3-celery, send_task) sends every task of the enabled workers to the queue the app
// routes it to; each completes once, on a pod of the worker the values give it, and the disabled
// worker's tasks wait in their lists, as `tb-gen validate` warns.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Redis } from 'ioredis';
import { restrictedNamespace, kubeconfig, waitFor } from '../cluster/kube.js';
import { ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';
import { py } from '../worker/celery/helpers.js';
import { CATALOGUE, chart, figure, helm, hostRedis, isReady, podLog, podStates, pushedImage, tearDown, workerPods } from './e2e.js';

const RELEASE = 'example';
const EXAMPLE = join(ROOT, 'examples/values.yaml');
/** The tasks of the example's enabled workers, and of the disabled one (as examples/values.yaml lists them). */
const SERVED: Record<string, string[]> = {
  'file-processing': ['file_extract', 'file_transform', 'file_validate'],
  'api-tasks': ['api_process', 'webhook_send', 'notification_send'],
};
const WAITING = ['ml_training', 'model_inference'];
const PER_TASK = 3;
/** A Redis database of this test's own: kombu's keys (queue lists, unacked) carry no prefix. */
const DB = 11;
let ns = '';
let redis: Redis;
const atDb = (url: string) => Object.assign(new URL(url), { pathname: `/${DB}` }).toString();

beforeAll(async () => {
  kubeconfig();
  ns = await restrictedNamespace('e2e-example');
  redis = hostRedis();
  await redis.select(DB);
  const cluster = {
    taskConfig: { broker_url: atDb(inject('podRedisUrl')) },
    image: pushedImage(),
    // The example asks 1-4 CPUs a pod; one 2-core node fits these pods only with small requests.
    workers: Object.fromEntries(Object.keys(SERVED).map((w) => [w, { resources: { requests: { cpu: '10m', memory: '64Mi' } } }])),
  };
  const t = Date.now();
  await helm(['install', RELEASE, ...chart(), '--namespace', ns, '-f', EXAMPLE], cluster);
  for (const w of Object.keys(SERVED))
    await waitFor(
      `${w} pods Ready`,
      async () => {
        const pods = await workerPods(ns, RELEASE, w);
        return pods.length > 0 && pods.every(isReady) ? true : undefined;
      },
      180_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await podStates(ns)}`);
    });
  figure('example values: helm install to every pod Ready', (Date.now() - t) / 1000, 's');
}, 240_000);

afterAll(async () => {
  if (redis) {
    // Everything in this database is this test's: kombu's lists and hashes and the bindings.
    for (const key of await redis.keys('*')) await redis.del(key);
    redis.disconnect();
  }
  await tearDown({ prefix: '', release: RELEASE, ns });
});

describe('examples/values.yaml on a real node', () => {
  it('validates with the warning that the disabled worker leaves its tasks waiting', async () => {
    const r = await cli(['validate', '-f', EXAMPLE], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    for (const task of WAITING) expect(r.stderr).toMatch(new RegExp(`TASK_NOT_SERVED\\] task \`${task}\``));
  });

  it('runs every task a Python producer sends exactly once, on a pod of the worker that serves it', async () => {
    const broker = { broker: atDb(inject('hostRedisUrl')), backend: '' };
    const sent = new Map<string, string>(); // job id -> worker
    const send = (task: string) => py(broker, { send: { task, queue: (CATALOGUE[task] as { queue: string }).queue } });
    for (const [worker, tasks] of Object.entries(SERVED))
      for (const task of tasks) for (let i = 0; i < PER_TASK; i++) sent.set((await send(task)).id, worker);
    for (const task of WAITING) for (let i = 0; i < PER_TASK; i++) await send(task);

    const t = Date.now();
    const ranOn = await waitFor(
      `${sent.size} job_completed lines`,
      async () => {
        const seen = new Map<string, string[]>();
        for (const worker of Object.keys(SERVED))
          for (const pod of await workerPods(ns, RELEASE, worker))
            for (const l of await podLog(ns, pod.metadata.name))
              if (l.event === 'job_completed') seen.set(l.jobId as string, [...(seen.get(l.jobId as string) ?? []), l.worker as string]);
        return [...sent.keys()].every((id) => seen.has(id)) ? seen : undefined;
      },
      120_000,
    );
    figure(`example values: ${sent.size} tasks sent by Python to all completed`, (Date.now() - t) / 1000, 's');
    for (const [id, worker] of sent) expect(ranOn.get(id), id).toEqual([worker]);
    expect(ranOn.size).toBe(sent.size);
    expect(await redis.hlen('unacked')).toBe(0);
    // The disabled worker's queues still hold every message sent to them.
    const waiting = new Set(WAITING.map((task) => (CATALOGUE[task] as { queue: string }).queue));
    let held = 0;
    for (const q of waiting) held += await redis.llen(q);
    expect(held).toBe(WAITING.length * PER_TASK);
  });
});
