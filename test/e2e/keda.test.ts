// Scale to zero with KEDA's operator (a host process, scripts/keda.sh) on a real node: a worker with
// autoscaling.mode keda and minReplicas 0, rendered by tb-gen and installed by the chart, sits at 0,
// wakes for a plain and for a prioritized job, completes each, goes back to 0 after the cooldown,
// never drops to 0 while a job longer than the cooldown runs, and scales past one replica through
// the HPA KEDA creates and KEDA's metrics API server behind the aggregation layer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { parseAllDocuments, stringify } from 'yaml';
import { exec, get, kubeconfig, restrictedNamespace, waitFor, type Obj } from '../cluster/kube.js';
import { ROOT } from '../helpers/fixtures.js';
import { chart, figure, helm, hostRedis, newPrefix, Producer, releaseValues, sleep, slowServer, tearDown } from './e2e.js';

const RELEASE = 'wake';
/** A cooldown shorter than the long job (webhook_send gives up at 5 s), above the grace period. */
const COOLDOWN = 3;
const GRACE = 2;
const LONG_MS = 4500;
let ns = '';
let prefix = '';
let redis: Redis;
let producer: Producer;
let values: Obj;
const deployment = () => `/apis/apps/v1/namespaces/${ns}/deployments/${RELEASE}-task-worker-sleepy`;
const replicas = async (): Promise<number> => ((await get(deployment())).spec.replicas ?? 1) as number;
const pods = async (): Promise<number> => ((await get(`/api/v1/namespaces/${ns}/pods`)).items as Obj[]).length;

beforeAll(async () => {
  kubeconfig();
  ns = await restrictedNamespace('e2e-keda');
  prefix = newPrefix('keda');
  redis = hostRedis();
  producer = new Producer(redis, prefix);
  values = releaseValues(prefix, {
    sleepy: {
      tasks: ['urgent_task', 'webhook_send'],
      terminationGracePeriodSeconds: GRACE,
      // Two jobs at once: the baseline job runs beside the long one; KEDA's target is 2 jobs a replica.
      concurrency: 2,
      autoscaling: { enabled: true, mode: 'keda', minReplicas: 0, maxReplicas: 2, pollingInterval: 2, cooldownPeriod: COOLDOWN },
    },
  });
}, 60_000);

afterAll(() => tearDown({ producer, redis, prefix, release: RELEASE, ns }));

/** Enqueue, then time: enqueue -> a pod -> the job finished (BullMQ's finishedOn) -> back to 0 replicas. */
async function wakeFromZero(what: string, opts: { priority?: number }): Promise<void> {
  expect(await replicas()).toBe(0);
  const t = Date.now();
  const id = await producer.add('urgent_task', { message: what }, opts);
  expect(await redis.zcard(`${prefix}:high_priority:prioritized`)).toBe(opts.priority ? 1 : 0);
  await waitFor(`${what} job finished`, async () => ((await producer.job('urgent_task', id))?.finishedOn ? true : undefined), 120_000);
  const job = await producer.job('urgent_task', id);
  expect(job?.failedReason).toBeUndefined();
  expect((job?.returnvalue as Obj).message).toBe(what);
  figure(`KEDA: ${what} job enqueued at 0 replicas to completed`, ((job?.finishedOn as number) - t) / 1000, 's', 'pollingInterval 2 s');
  const done = Date.now();
  await waitFor(
    'back to 0 replicas and no pod',
    async () => ((await replicas()) === 0 && (await pods()) === 0 ? true : undefined),
    120_000,
  );
  figure(`KEDA: after the ${what} job, back to 0 pods`, (Date.now() - done) / 1000, 's', `cooldownPeriod ${COOLDOWN} s`);
}

describe('scale to zero with KEDA on a real node', () => {
  it('installs what tb-gen renders, and sits at 0 replicas', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-e2e-keda-'));
    try {
      writeFileSync(join(dir, 'values.yaml'), stringify(values));
      const r = await exec('node', [join(ROOT, 'dist/bin/tb-gen.mjs'), 'render', '-f', join(dir, 'values.yaml'), '--release', RELEASE]);
      expect(r.code, r.stderr).toBe(0);
      const rendered = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
      const so = rendered.find((o) => o?.kind === 'ScaledObject') as Obj;
      expect(so.spec.minReplicaCount).toBe(0);
      await helm(['install', RELEASE, ...chart(), '--namespace', ns], values);
      const installed = await get(`/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects/${so.metadata.name}`);
      expect(installed.spec).toEqual(expect.objectContaining(so.spec));
      const path = `/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects/${so.metadata.name}`;
      const readyOf = (o: Obj) => ((o.status?.conditions ?? []) as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True');
      await waitFor('the ScaledObject Ready', async () => (readyOf(await get(path)) ? true : undefined), 60_000);
      await waitFor('0 replicas and no pod', async () => ((await replicas()) === 0 && (await pods()) === 0 ? true : undefined), 120_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wakes for a plain job, completes it, and goes back to 0', () => wakeFromZero('plain', {}));

  it('wakes for a prioritized job, completes it, and goes back to 0', () => wakeFromZero('prioritized', { priority: 5 }));

  it('never scales to 0 while a job longer than the cooldown runs', async () => {
    const slow = await slowServer();
    try {
      const id = await producer.add('webhook_send', { url: `${slow.url}?ms=${LONG_MS}&id=long` });
      await waitFor('the long job running', () => Promise.resolve(slow.hits.get('long') ? true : undefined), 120_000);
      // The baseline for the wake latency: the same job with a worker already running.
      const t = Date.now();
      const warm = await producer.add('urgent_task', { message: 'warm' });
      await waitFor(
        'the warm job finished',
        async () => ((await producer.job('urgent_task', warm))?.finishedOn ? true : undefined),
        60_000,
      );
      figure(
        'KEDA: a job enqueued with a worker running, to completed (baseline)',
        (((await producer.job('urgent_task', warm))?.finishedOn as number) - t) / 1000,
        's',
      );
      const samples: number[] = [];
      let finished: number | undefined;
      while (!finished) {
        samples.push(await replicas());
        finished = (await producer.job('webhook_send', id))?.finishedOn as number | undefined;
        await sleep(200);
      }
      expect(samples.filter((n) => n === 0)).toEqual([]);
      expect(slow.hits.get('long')).toBe(1);
      const job = await producer.job('webhook_send', id);
      expect((job?.returnvalue as Obj).delivered).toBe(true);
      figure(`KEDA: replicas sampled while a ${LONG_MS / 1000} s job ran (cooldown ${COOLDOWN} s)`, samples.length, 'samples', 'none at 0');
      await waitFor('back to 0 after the long job', async () => ((await replicas()) === 0 ? true : undefined), 120_000);
    } finally {
      await slow.close();
    }
  });

  it('scales past one replica through the HPA and the external metrics API, and back to 0', async () => {
    expect((await get('/apis/external.metrics.k8s.io/v1beta1')).groupVersion).toBe('external.metrics.k8s.io/v1beta1');
    await waitFor('0 replicas', async () => ((await replicas()) === 0 ? true : undefined), 120_000);
    const slow = await slowServer();
    try {
      // Six jobs of 4.5 s for a worker of concurrency 2: a backlog of 6 against a target of 2 per replica.
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await producer.add('webhook_send', { url: `${slow.url}?ms=${LONG_MS}&id=many-${i}` }));
      const t = Date.now();
      let most = 0;
      let twoReadyAt: number | undefined;
      for (;;) {
        const d = await get(deployment());
        most = Math.max(most, d.status?.readyReplicas ?? 0);
        if (most === 2) twoReadyAt ??= Date.now();
        const states = await Promise.all(ids.map((id) => producer.job('webhook_send', id)));
        if (states.every((j) => j?.finishedOn)) break;
        if (Date.now() - t > 180_000) throw new Error('the six jobs did not finish in 180 s');
        await sleep(300);
      }
      expect(most).toBe(2);
      for (const id of ids) expect(((await producer.job('webhook_send', id))?.returnvalue as Obj).delivered).toBe(true);
      const events = await producer.completedEvents('webhook_send');
      expect(ids.map((id) => events.get(id))).toEqual(ids.map(() => 1));
      figure('KEDA: six jobs enqueued at 0 replicas to 2 Ready replicas (HPA, external metrics)', ((twoReadyAt as number) - t) / 1000, 's');
      figure('KEDA: six 4.5 s jobs, enqueued to all completed, at most 2 replicas', (Date.now() - t) / 1000, 's');
      const done = Date.now();
      await waitFor(
        'back to 0 replicas and no pod',
        async () => ((await replicas()) === 0 && (await pods()) === 0 ? true : undefined),
        120_000,
      );
      figure('KEDA: from 2 replicas back to 0 pods', (Date.now() - done) / 1000, 's', `cooldownPeriod ${COOLDOWN} s`);
    } finally {
      await slow.close();
    }
  });
});
