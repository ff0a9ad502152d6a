// A release of four workers of the example app, installed with `helm install` into a namespace that
// enforces Pod Security restricted, on a real node: every pod Ready through the rendered probe,
// restricted as rendered; every task's jobs, enqueued by a plain BullMQ Queue on the host, completed
// exactly once by a pod of the worker the values give the task; a `helm upgrade` during long jobs
// that loses and repeats none; an eviction that the worker's PodDisruptionBudget holds back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { api, exec, get, kubeconfig, restrictedNamespace, waitFor, type Obj } from '../cluster/kube.js';
import {
  CATALOGUE,
  figure,
  followLog,
  helm,
  chart,
  hostRedis,
  isReady,
  newPrefix,
  podLog,
  Producer,
  readySeconds,
  releaseValues,
  rolledOut,
  slowServer,
  tearDown,
  workerPods,
} from './e2e.js';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures.js';

const RELEASE = 'shop';
/** Worker -> the tasks it serves (each on the queue the catalogue gives it). */
const WORKERS: Record<string, string[]> = {
  files: ['file_extract', 'file_transform', 'file_validate'],
  api: ['api_process', 'webhook_send', 'notification_send'],
  data: ['data_validation', 'extract_data', 'urgent_task'],
  batch: ['batch_task'],
};
const REPLICAS: Record<string, number> = { files: 1, api: 1, data: 1, batch: 2 };
/** The api worker's grace period: a 1 s drain, shorter than its long jobs (webhook_send gives up at 5 s). */
const GRACE = 6;
/** Lengths of the long jobs, staggered so the four in flight never all end inside one 1 s drain. */
const LONG_MS = [4500, 3300, 4100, 2700];
const PER_TASK = 4;

let ns = '';
let prefix = '';
let redis: Redis;
let producer: Producer;
const values = () =>
  releaseValues(
    prefix,
    Object.fromEntries(
      Object.entries(WORKERS).map(([w, tasks]) => [
        w,
        { tasks, replicas: REPLICAS[w], ...(w === 'api' ? { concurrency: 4, terminationGracePeriodSeconds: GRACE } : {}) },
      ]),
    ),
  );
const podStart: number[] = [];

beforeAll(async () => {
  kubeconfig();
  ns = await restrictedNamespace('e2e-release');
  prefix = newPrefix('release');
  redis = hostRedis();
  producer = new Producer(redis, prefix);
  const t = Date.now();
  await helm(['install', RELEASE, ...chart(), '--namespace', ns], values());
  for (const [w, n] of Object.entries(REPLICAS)) await rolledOut(ns, `${RELEASE}-task-worker-${w}`, n);
  figure('helm install to every pod Ready (4 workers, 5 pods)', (Date.now() - t) / 1000, 's');
}, 240_000);

afterAll(() => tearDown({ producer, redis, prefix, release: RELEASE, ns }));

describe('a release of the example app on a real node', () => {
  it('runs every pod Ready through the rendered readiness probe, as UID 1000, read-only but for /tmp', async () => {
    const nsObj = await get(`/api/v1/namespaces/${ns}`);
    expect(nsObj.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const w of Object.keys(WORKERS)) {
      const pods = await workerPods(ns, RELEASE, w);
      expect(pods).toHaveLength(REPLICAS[w] as number);
      for (const pod of pods) {
        expect(isReady(pod)).toBe(true);
        podStart.push(readySeconds(pod));
        const c = pod.spec.containers[0] as Obj;
        expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http', scheme: 'HTTP' });
        expect(c.ports[0].containerPort).toBe(8080);
        expect(c.volumeMounts).toContainEqual(expect.objectContaining({ name: 'tmp', mountPath: '/tmp' }));
        const probe = await exec(join(ROOT, '.tools/kube/bin/kubectl'), [
          '--kubeconfig',
          kubeconfig(),
          'exec',
          '-n',
          ns,
          pod.metadata.name,
          '--',
          'node',
          '-e',
          `const fs = require('node:fs');
           const w = (p) => { try { fs.writeFileSync(p, 'x'); return 'ok'; } catch (e) { return e.code; } };
           console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), root: w('/x'), tmp: w('/tmp/x') }));`,
        ]);
        expect(probe.code, probe.stderr).toBe(0);
        expect(JSON.parse(probe.stdout)).toEqual({ uid: 1000, gid: 1000, root: 'EROFS', tmp: 'ok' });
      }
    }
    figure('pod created to Ready (median of the release)', podStart.sort((a, b) => a - b)[Math.floor(podStart.length / 2)] as number, 's');
  });

  it("shows the worker's JSON lines in kubectl logs", async () => {
    const [pod] = await workerPods(ns, RELEASE, 'files');
    const lines = await podLog(ns, (pod as Obj).metadata.name);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.raw !== undefined)).toEqual([]);
    expect(lines.every((l) => l.worker === 'files' && typeof l.event === 'string')).toBe(true);
    expect(lines.map((l) => l.event)).toContain('ready');
  });

  it('completes every task of the values exactly once, each by a pod of the worker that serves it', async () => {
    const jobs: Array<{ task: string; id: string; worker: string }> = [];
    for (const [worker, tasks] of Object.entries(WORKERS))
      for (const task of tasks) for (let i = 0; i < PER_TASK; i++) jobs.push({ task, worker, id: await producer.add(task, {}) });
    const t = Date.now();
    for (const j of jobs)
      await waitFor(
        `job ${j.task}/${j.id} finished`,
        async () => ((await producer.job(j.task, j.id))?.finishedOn ? true : undefined),
        120_000,
      );
    figure(`${jobs.length} jobs of ${Object.values(WORKERS).flat().length} tasks enqueued to all completed`, (Date.now() - t) / 1000, 's');
    // Which pod completed what: the job_completed lines of every pod's log.
    const completedBy = new Map<string, string[]>();
    for (const worker of Object.keys(WORKERS))
      for (const pod of await workerPods(ns, RELEASE, worker))
        for (const l of await podLog(ns, pod.metadata.name))
          if (l.event === 'job_completed') {
            const key = `${l.queue}/${l.jobId}`;
            completedBy.set(key, [...(completedBy.get(key) ?? []), `${l.worker}:${l.task}`]);
          }
    for (const j of jobs) {
      const state = await producer.job(j.task, j.id);
      expect(state?.failedReason, `${j.task} failed`).toBeUndefined();
      expect(state?.returnvalue, `${j.task} returned nothing`).toBeDefined();
      expect(completedBy.get(`${CATALOGUE[j.task]?.queue}/${j.id}`), `${j.task}/${j.id}`).toEqual([`${j.worker}:${j.task}`]);
    }
    for (const queue of new Set(jobs.map((j) => CATALOGUE[j.task]?.queue as string))) {
      const events = await producer.completedEvents(queue);
      const mine = jobs.filter((j) => CATALOGUE[j.task]?.queue === queue);
      expect(mine.map((j) => events.get(j.id))).toEqual(mine.map(() => 1));
    }
  });

  it('rolls a helm upgrade of a worker through long jobs: every pod replaced, SIGTERM drained, 0 lost, 0 twice', async () => {
    const slow = await slowServer();
    try {
      const deployment = `${RELEASE}-task-worker-api`;
      const [old] = await workerPods(ns, RELEASE, 'api');
      const oldName = (old as Obj).metadata.name as string;
      const oldLog = followLog(ns, oldName);
      // Sixteen jobs of 2.7-4.5 s on a worker of concurrency 4 and a 6 s grace (1 s drain): ~15 s of
      // work, so the old pod still holds jobs when its SIGTERM comes, and must hand them back.
      const ids: string[] = [];
      for (let i = 0; i < 16; i++) ids.push(await producer.add('webhook_send', { url: `${slow.url}?ms=${LONG_MS[i % 4]}&id=${i}` }));
      await waitFor('four long jobs running', () => Promise.resolve(slow.hits.size >= 4 ? true : undefined), 30_000);
      const t = Date.now();
      const next = values();
      (next.workers as Obj).api.env = [{ name: 'RELEASE_NOTE', value: 'upgraded' }];
      await helm(['upgrade', RELEASE, ...chart(), '--namespace', ns], next);
      await rolledOut(ns, deployment, 1);
      await waitFor(`old pod ${oldName} gone`, async () =>
        (await api('GET', `/api/v1/namespaces/${ns}/pods/${oldName}`)).status === 404 ? true : undefined,
      );
      const rollout = (Date.now() - t) / 1000;
      const [pod] = await workerPods(ns, RELEASE, 'api');
      expect((pod as Obj).metadata.name).not.toBe(oldName);
      expect((pod as Obj).spec.containers[0].env).toContainEqual({ name: 'RELEASE_NOTE', value: 'upgraded' });
      const start = readySeconds(pod as Obj);
      figure(
        'helm upgrade rollout (1 pod, long jobs running)',
        rollout,
        's',
        `grace ${GRACE} s + pod start ${start} s = ${GRACE + start} s`,
      );
      for (const id of ids)
        await waitFor(
          `long job ${id} finished`,
          async () => ((await producer.job('webhook_send', id))?.finishedOn ? true : undefined),
          120_000,
        );
      await oldLog.ended;
      const oldLines = oldLog.lines();
      expect(oldLines.find((l) => l.event === 'draining')?.signal).toBe('SIGTERM');
      const stopped = oldLines.find((l) => l.event === 'stopped');
      expect(stopped).toBeDefined();
      const newLines = await podLog(ns, (pod as Obj).metadata.name);
      const done = [...oldLines, ...newLines].filter((l) => l.event === 'job_completed' && l.task === 'webhook_send');
      const events = await producer.completedEvents('webhook_send');
      for (const id of ids) {
        const state = await producer.job('webhook_send', id);
        expect(state?.failedReason).toBeUndefined();
        expect((state?.returnvalue as Obj).delivered).toBe(true);
        expect(done.filter((l) => l.jobId === id)).toHaveLength(1);
        expect(events.get(id)).toBe(1);
      }
      const requeued = oldLines.filter((l) => l.event === 'job_requeued').map((l) => l.jobId as string);
      expect(requeued.length).toBe(stopped?.requeued);
      expect(requeued.length).toBeGreaterThan(0);
      for (const id of requeued) expect(newLines.some((l) => l.event === 'job_completed' && l.jobId === id)).toBe(true);
      figure('jobs handed back by the drained pod and completed on the new one', requeued.length, 'jobs');
    } finally {
      await slow.close();
    }
  });

  it("holds an eviction (the Eviction API, as kubectl drain uses it) to the worker's PodDisruptionBudget", async () => {
    const pdb = `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/${RELEASE}-task-worker-batch`;
    await waitFor(
      'the budget allows one disruption',
      async () => ((await get(pdb)).status?.disruptionsAllowed === 1 ? true : undefined),
      60_000,
    );
    const pods = (await workerPods(ns, RELEASE, 'batch')).map((p) => p.metadata.name as string);
    expect(pods).toHaveLength(2);
    const evict = (name: string) =>
      api('POST', `/api/v1/namespaces/${ns}/pods/${name}/eviction`, {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace: ns },
      });
    const first = await evict(pods[0] as string);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await evict(pods[1] as string);
    expect(second.status, JSON.stringify(second.body)).toBe(429);
    expect(second.body.message).toMatch(/disruption budget/);
    // Once the replacement is Ready the budget allows one again, and the other pod may go.
    const t = Date.now();
    await waitFor(
      'the budget allows one disruption again',
      async () => ((await get(pdb)).status?.disruptionsAllowed === 1 ? true : undefined),
      90_000,
    );
    figure('eviction to the budget allowing the next one (replacement Ready)', (Date.now() - t) / 1000, 's');
    const third = await evict(pods[1] as string);
    expect(third.status, JSON.stringify(third.body)).toBe(201);
  });
});
