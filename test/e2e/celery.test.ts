// Python Celery workers on a real node (issue 17): the image of scripts/celery-image-build.sh
// (Debian's python3-celery, the example app of examples/celery-app) started by the command line
// the chart renders for `runtime: celery`, each release `helm install`ed into a namespace that
// enforces Pod Security restricted. Tasks come from a Python producer on the host (Debian's
// Celery, examples/celery-app/produce.py: apply_async through the app's routes); every task
// records its start and end in Redis with the pod's hostname, so the test reads which pod of which
// worker ran what, and how often. Each release has a Redis database of its own (below), so pods of
// one release that are still stopping never take another's tasks.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { parse } from 'yaml';
import { exec, get, kubeconfig, list, restrictedNamespace, waitFor, type Obj } from '../cluster/kube.js';
import { ROOT } from '../helpers/fixtures.js';
import { APP, CATALOGUE, chart, figure, helm, isReady, podLog, pushedImage, rolledOut, sleep, tearDown, workerPods } from './e2e.js';

const CELERY_APP = join(ROOT, 'examples/celery-app');
/** Pods that fit one 2-core node: the example values ask up to 4 CPUs and 16 GiB a pod. */
const SMALL = { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } };
const RUNS = 'celery-app:runs'; // the app's default RUNS_KEY

/** The test Redis as `who` sees it, in database `db` (13-15 and 12 belong to this file). */
const redisUrl = (who: 'podRedisUrl' | 'hostRedisUrl', db: number): string => {
  const u = new URL(inject(who));
  u.pathname = `/${db}`;
  return u.toString();
};

interface Run {
  event: 'started' | 'done';
  task: string;
  id: string;
  host: string;
  worker: string;
  queue: string;
}

/** One release in a restricted namespace, on Redis database `db`; torn down with its keys. */
class Release {
  ns = '';
  redis!: Redis;
  constructor(
    readonly name: string,
    readonly db: number,
  ) {}
  async open(): Promise<void> {
    kubeconfig();
    this.ns = await restrictedNamespace(`e2e-celery-${this.name}`);
    this.redis = new Redis(redisUrl('hostRedisUrl', this.db), { maxRetriesPerRequest: null });
    await this.redis.flushdb();
  }
  async close(): Promise<void> {
    await tearDown({ prefix: 'unused', release: this.name, ns: this.ns });
    await this.redis?.flushdb();
    this.redis?.disconnect();
  }
  helm = (verb: 'install' | 'upgrade', values: Obj) => helm([verb, this.name, ...chart(), '--namespace', this.ns], values);
  deployment = (worker: string) => `${this.name}-task-worker-${worker}`;
  /** Send tasks with the Python producer (Debian's Celery on the host); resolves with their queues. */
  send(tasks: Array<{ task: string; id: string; kwargs?: Obj; priority?: number }>): Promise<string> {
    return new Promise((resolve, reject) => {
      const p = spawn('/usr/bin/python3', ['produce.py'], {
        cwd: CELERY_APP,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', CELERY_BROKER_URL: redisUrl('hostRedisUrl', this.db) },
      });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`produce.py exited ${code}: ${err}`))));
      p.stdin.end(tasks.map((t) => JSON.stringify(t)).join('\n') + '\n');
    });
  }
  async runs(): Promise<Run[]> {
    return (await this.redis.lrange(RUNS, 0, -1)).map((l) => JSON.parse(l) as Run);
  }
  /** Wait until every id has a `done` record. */
  async allDone(ids: string[], timeoutMs = 180_000): Promise<Run[]> {
    return waitFor(
      `${ids.length} tasks done`,
      async () => {
        const runs = await this.runs();
        const done = new Set(runs.filter((r) => r.event === 'done').map((r) => r.id));
        return ids.every((id) => done.has(id)) ? runs : undefined;
      },
      timeoutMs,
    );
  }
  replicas = async (worker: string): Promise<number> =>
    ((await get(`/apis/apps/v1/namespaces/${this.ns}/deployments/${this.deployment(worker)}`)).spec.replicas ?? 1) as number;
}

/** Values of a release whose Celery workers run the example Python app on the broker of database `db`. */
function celeryValues(db: number, workers: Obj, extra: Obj = {}): Obj {
  return {
    taskConfig: { backend_type: 'celery', broker_url: redisUrl('podRedisUrl', db) },
    tasks: CATALOGUE,
    image: pushedImage('celery-app'),
    defaults: { runtime: 'celery', celery: { app: 'backend' }, resources: SMALL, terminationGracePeriodSeconds: 10 },
    workers,
    ...extra,
  };
}

const id = (task: string, i: number) => `${task}-${i}-${Math.random().toString(36).slice(2, 8)}`;
const counts = (runs: Run[], event: Run['event']) =>
  runs.filter((r) => r.event === event).reduce((m, r) => m.set(r.id, (m.get(r.id) ?? 0) + 1), new Map<string, number>());

describe('the example values on Python Celery workers (helm install)', () => {
  const rel = new Release('example', 12);
  const user = parse(readFileSync(join(ROOT, 'examples/values.yaml'), 'utf8')) as Obj;
  const workers = user.workers as Obj;
  for (const w of Object.values(workers)) delete (w as Obj).resources; // SMALL instead, from defaults
  let values: Obj = {};
  const enabled = Object.entries(workers).filter(([, w]) => (w as Obj).enabled !== false);
  beforeAll(async () => {
    await rel.open();
    values = { ...user, ...celeryValues(12, workers), taskConfig: { ...user.taskConfig, broker_url: redisUrl('podRedisUrl', 12) } };
  });
  afterAll(() => rel.close());

  it('tb-gen validate warns that the disabled ml-processing worker leaves its tasks waiting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-e2e-celery-'));
    try {
      writeFileSync(join(dir, 'values.yaml'), JSON.stringify(values));
      const r = await exec('node', [join(ROOT, 'dist/bin/tb-gen.mjs'), 'validate', '-f', join(dir, 'values.yaml')]);
      expect(r.code, r.stderr).toBe(0);
      for (const task of workers['ml-processing'].tasks as string[])
        expect(r.stderr).toMatch(new RegExp(`warning\\[TASK_NOT_SERVED\\] task \`${task}\``));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs every pod, and completes each task exactly once on a pod of the worker the values assign', async () => {
    expect((await get(`/api/v1/namespaces/${rel.ns}`)).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const t = Date.now();
    await rel.helm('install', values);
    for (const [w, spec] of enabled) await rolledOut(rel.ns, rel.deployment(w), (spec as Obj).autoscaling.minReplicas);
    figure('celery: helm install of the example values to every pod Running (Python image)', (Date.now() - t) / 1000, 's');
    const hosts = new Map<string, string>(); // pod name -> worker
    for (const [w] of enabled)
      for (const pod of await workerPods(rel.ns, rel.name, w)) {
        expect(isReady(pod)).toBe(true);
        expect(pod.spec.containers[0].command).toEqual(['celery']);
        hosts.set(pod.metadata.name as string, w);
      }
    const sent: Array<{ task: string; id: string; worker: string }> = [];
    for (const [w, spec] of enabled)
      for (const task of (spec as Obj).tasks as string[]) for (let i = 0; i < 3; i++) sent.push({ task, worker: w, id: id(task, i) });
    const waiting = (workers['ml-processing'].tasks as string[]).map((task) => ({ task, id: id(task, 0) }));
    const s = Date.now();
    await rel.send([...sent, ...waiting]);
    const runs = await rel.allDone(sent.map((x) => x.id));
    figure(`celery: ${sent.length} tasks sent by the Python producer to all done`, (Date.now() - s) / 1000, 's');
    const started = counts(runs, 'started');
    const done = counts(runs, 'done');
    for (const x of sent) {
      expect([started.get(x.id), done.get(x.id)], x.id).toEqual([1, 1]);
      const r = runs.find((y) => y.id === x.id && y.event === 'done') as Run;
      expect([r.task, r.queue, hosts.get(r.host), r.worker]).toEqual([x.task, CATALOGUE[x.task]?.queue, x.worker, `${x.worker}@${r.host}`]);
    }
    for (const x of waiting) {
      expect(started.get(x.id)).toBeUndefined();
      expect(await rel.redis.llen(CATALOGUE[x.task]?.queue as string)).toBe(1);
    }
  });
});

describe('helm upgrade of a Python Celery worker while long tasks run', () => {
  const rel = new Release('roll', 13);
  /** Tasks of 6 s, a grace period of 20 s: a stopping pod's warm shutdown finishes what it runs. */
  const GRACE = 20;
  const LONG = 6;
  const worker = (acksLate: boolean, grace: number, note: string) => ({
    files: {
      tasks: ['file_extract', 'file_transform'],
      concurrency: 2,
      terminationGracePeriodSeconds: grace,
      celery: { acksLate, prefetchMultiplier: 1 },
      env: [{ name: 'RELEASE_NOTE', value: note }],
    },
  });
  beforeAll(() => rel.open());
  afterAll(() => rel.close());

  /** The worker's one pod, once no other (a replaced pod still stopping) is left. */
  const onlyPod = (): Promise<Obj> =>
    waitFor(
      'one pod of files',
      async () => {
        const pods = await workerPods(rel.ns, rel.name, 'files');
        return pods.length === 1 && isReady(pods[0] as Obj) ? pods[0] : undefined;
      },
      240_000,
    );

  /** Upgrade (a new env value rolls the pod) once `running` tasks have started; returns the replaced pod's name, once it is gone. */
  async function rollDuring(values: Obj, running: number): Promise<string> {
    const old = (await onlyPod()).metadata.name as string;
    await waitFor(
      `${running} tasks running`,
      async () => ((await rel.runs()).filter((r) => r.event === 'started').length >= running ? true : undefined),
      120_000,
    );
    await rel.helm('upgrade', values);
    await rolledOut(rel.ns, rel.deployment('files'), 1, 240_000);
    await onlyPod();
    return old;
  }

  // Two rounds of eight 6 s tasks and a rollout each: about 125 s alone, more on a loaded machine.
  it('a grace period above the longest task, acksLate on and off: 0 lost, 0 run twice', { timeout: 600_000 }, async () => {
    for (const acksLate of [true, false]) {
      await rel.redis.del(RUNS);
      await rel.helm(acksLate ? 'install' : 'upgrade', celeryValues(13, worker(acksLate, GRACE, `start-${acksLate}`)));
      await rolledOut(rel.ns, rel.deployment('files'), 1);
      await onlyPod();
      const ids = Array.from({ length: 8 }, (_, i) => id(i % 2 ? 'file_transform' : 'file_extract', i));
      await rel.send(ids.map((x) => ({ task: x.split('-')[0] as string, id: x, kwargs: { seconds: LONG } })));
      const t = Date.now();
      const old = await rollDuring(celeryValues(13, worker(acksLate, GRACE, `rolled-${acksLate}`)), 2);
      const rollout = (Date.now() - t) / 1000;
      const runs = await rel.allDone(ids);
      const started = counts(runs, 'started');
      const done = counts(runs, 'done');
      expect(ids.map((x) => [started.get(x), done.get(x)])).toEqual(ids.map(() => [1, 1]));
      const onOld = runs.filter((r) => r.event === 'done' && r.host === old).length;
      expect(onOld).toBeGreaterThan(0); // the old pod finished what it ran after its SIGTERM
      expect(onOld).toBeLessThan(ids.length); // and the new pod ran the rest
      figure(
        `celery: helm upgrade rollout with 2 long tasks running, acksLate ${acksLate}`,
        rollout,
        's',
        `tasks ${LONG} s, grace ${GRACE} s`,
      );
      figure(
        `celery: tasks finished by the pod being replaced, acksLate ${acksLate}`,
        onOld,
        'tasks',
        `of ${ids.length}, the rest on the new pod`,
      );
    }
  });

  it('a grace period shorter than the task: acksLate off loses it, acksLate on keeps it in unacked', async () => {
    for (const acksLate of [false, true]) {
      await rel.redis.del(RUNS);
      await rel.helm('upgrade', celeryValues(13, worker(acksLate, 2, `short-${acksLate}`)));
      await rolledOut(rel.ns, rel.deployment('files'), 1);
      await onlyPod();
      const x = id('file_extract', acksLate ? 1 : 0);
      await rel.send([{ task: 'file_extract', id: x, kwargs: { seconds: 60 } }]);
      await rollDuring(celeryValues(13, worker(acksLate, 2, `killed-${acksLate}`)), 1);
      const unacked = await rel.redis.hkeys('unacked');
      const inUnacked = (await rel.redis.hvals('unacked')).some((v) => v.includes(x));
      const waiting = await rel.redis.llen('file_queue');
      expect({ done: counts(await rel.runs(), 'done').get(x), inUnacked, waiting }).toEqual({
        done: undefined,
        inUnacked: acksLate,
        waiting: 0,
      });
      figure(
        `celery: task killed at the end of a 2 s grace, acksLate ${acksLate}: entries left in unacked`,
        unacked.length,
        'messages',
        acksLate ? 'redelivered after the visibility timeout' : 'lost',
      );
    }
  });
});

describe('KEDA scales a Python Celery worker on its queue', () => {
  const rel = new Release('wake', 14);
  const COOLDOWN = 3;
  const values = () =>
    celeryValues(14, {
      sleepy: {
        tasks: ['file_validate'],
        terminationGracePeriodSeconds: 2,
        celery: { acksLate: true, prefetchMultiplier: 1 },
        autoscaling: {
          enabled: true,
          mode: 'keda',
          minReplicas: 0,
          maxReplicas: 1,
          pollingInterval: 2,
          cooldownPeriod: COOLDOWN,
          countUnacked: true,
        },
      },
    });
  const pods = async () => (await list(`/api/v1/namespaces/${rel.ns}/pods`)).length;
  beforeAll(() => rel.open());
  afterAll(() => rel.close());

  async function wake(what: string, priority?: number): Promise<void> {
    const x = id('file_validate', priority ?? 0);
    const t = Date.now();
    await rel.send([{ task: 'file_validate', id: x, ...(priority === undefined ? {} : { priority }) }]);
    // At 0 replicas nothing consumes yet: kombu's priority-9 list holds it, which KEDA's p9 trigger reads.
    if (priority === 9) expect([await rel.redis.llen('file_validate'), await rel.redis.llen('file_validate\x06\x169')]).toEqual([0, 1]);
    const runs = await rel.allDone([x]);
    expect(runs.filter((r) => r.id === x).map((r) => r.event)).toEqual(['started', 'done']);
    figure(`celery KEDA: ${what} task sent at 0 replicas to done`, (Date.now() - t) / 1000, 's', 'pollingInterval 2 s');
    const d = Date.now();
    await waitFor('back to 0 pods', async () => ((await rel.replicas('sleepy')) === 0 && (await pods()) === 0 ? true : undefined), 120_000);
    figure(`celery KEDA: after the ${what} task, back to 0 pods`, (Date.now() - d) / 1000, 's', `cooldownPeriod ${COOLDOWN} s`);
  }

  it('sits at 0, wakes for a plain and a priority-9 task, and goes back to 0', async () => {
    await rel.helm('install', values());
    const so = `/apis/keda.sh/v1alpha1/namespaces/${rel.ns}/scaledobjects/${rel.deployment('sleepy')}`;
    await waitFor('the ScaledObject Ready', async () =>
      ((await get(so)).status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True') ? true : undefined,
    );
    await waitFor('0 replicas', async () => ((await rel.replicas('sleepy')) === 0 && (await pods()) === 0 ? true : undefined), 120_000);
    await wake('plain');
    await wake('priority-9', 9);
  });

  it('never scales to 0 while a task longer than the cooldown runs (acksLate + countUnacked)', async () => {
    const x = id('file_validate', 99);
    await rel.send([{ task: 'file_validate', id: x, kwargs: { seconds: 5 * COOLDOWN } }]);
    await waitFor('the long task running', async () => (counts(await rel.runs(), 'started').get(x) ? true : undefined), 120_000);
    const samples: number[] = [];
    while (!counts(await rel.runs(), 'done').get(x)) {
      samples.push(await rel.replicas('sleepy'));
      await sleep(300);
    }
    expect(samples.filter((n) => n === 0)).toEqual([]);
    figure(
      `celery KEDA: replicas sampled while a ${5 * COOLDOWN} s task ran (cooldown ${COOLDOWN} s)`,
      samples.length,
      'samples',
      'none at 0',
    );
    await waitFor('back to 0 after the long task', async () => ((await rel.replicas('sleepy')) === 0 ? true : undefined), 120_000);
  });
});

describe('a Node worker and a Python worker in one release, on one broker', () => {
  const rel = new Release('mixed', 15);
  const values = () =>
    celeryValues(
      15,
      {
        node: { runtime: 'task-backend-worker', image: pushedImage(), tasks: ['urgent_task', 'batch_task'] },
        python: { tasks: ['file_extract', 'file_transform'] },
      },
      { taskConfig: { backend_type: 'celery', broker_url: redisUrl('podRedisUrl', 15), app: APP } },
    );
  beforeAll(() => rel.open());
  afterAll(() => rel.close());

  it('each serves only its own tasks, each task exactly once', async () => {
    await rel.helm('install', values());
    await rolledOut(rel.ns, rel.deployment('node'), 1);
    await rolledOut(rel.ns, rel.deployment('python'), 1);
    const nodeIds = ['urgent_task', 'batch_task'].flatMap((task) => [0, 1, 2].map((i) => ({ task, id: id(task, i) })));
    const pyIds = ['file_extract', 'file_transform'].flatMap((task) => [0, 1, 2].map((i) => ({ task, id: id(task, i) })));
    await rel.send([...nodeIds, ...pyIds]);
    const runs = await rel.allDone(pyIds.map((x) => x.id));
    const [nodePod] = await workerPods(rel.ns, rel.name, 'node');
    const completed = await waitFor('the Node worker to complete its tasks', async () => {
      const lines = (await podLog(rel.ns, (nodePod as Obj).metadata.name)).filter((l) => l.event === 'job_completed');
      return nodeIds.every((x) => lines.some((l) => l.jobId === x.id)) ? lines : undefined;
    });
    for (const x of nodeIds) expect(completed.filter((l) => l.jobId === x.id).map((l) => l.task)).toEqual([x.task]);
    expect(completed.filter((l) => pyIds.some((p) => p.id === l.jobId))).toEqual([]);
    const done = counts(runs, 'done');
    expect(pyIds.map((x) => done.get(x.id))).toEqual(pyIds.map(() => 1));
    expect(runs.filter((r) => nodeIds.some((n) => n.id === r.id))).toEqual([]);
    expect(new Set(runs.map((r) => r.worker.split('@')[0]))).toEqual(new Set(['python']));
  });
});
