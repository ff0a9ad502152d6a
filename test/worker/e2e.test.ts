// End to end: render the examples with tb-gen (the CLI binary), start one worker process per
// rendered Deployment with that container's args and env as rendered, enqueue every task with a
// plain BullMQ Queue (or, for the brief's celery values, Debian's Python Celery), and check each job
// ran on the worker the values file assigned, and no other.
//
// What stands in for Kubernetes: Secrets and ConfigMaps come from the FAKE_CLUSTER map below, the
// image's `task-backend-worker` is the built bin, and each pod's own network namespace is simulated
// by replacing --health-port=8080 with a free port. Nothing else in args or env is touched.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Queue } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { freePort, REDIS_URL, ROOT, startWorker, waitUntil, workerRig, type WorkerHandle } from '../helpers/worker.js';
import { py, startRedis } from './celery/helpers.js';

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
interface Container {
  name: string;
  command: string[];
  args: string[];
  env?: Env[];
  envFrom?: { configMapRef?: { name: string } }[];
}
interface Deployment {
  kind: string;
  metadata: { name: string };
  spec: { template: { spec: { containers: Container[] } } };
}

const TB_GEN = resolve(ROOT, 'dist/bin/tb-gen.mjs'); // the shipped bin
const FAKE_CLUSTER = {
  secrets: { 'saas-broker': { 'redis-url': REDIS_URL } },
  configMaps: { 'api-settings': {} as Record<string, string> },
};
const CATALOGUE = parse(readFileSync(resolve(ROOT, 'examples/app/tasks.yaml'), 'utf8')) as Record<string, { queue: string }>;
const rig = workerRig();

beforeAll(() => {
  if (!existsSync(TB_GEN)) throw new Error(`${TB_GEN} is missing: build tb-gen first (npm run build)`);
});

function render(argv: string[]): Deployment[] {
  const r = spawnSync(process.execPath, [TB_GEN, 'render', ...argv], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tb-gen render ${argv.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Deployment)
    .filter((o) => o?.kind === 'Deployment');
}

/** The container's environment as the kubelet would build it from our fake Secrets and ConfigMaps. */
function containerEnv(c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) Object.assign(env, FAKE_CLUSTER.configMaps[from.configMapRef!.name as 'api-settings']);
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    const value = ref ? (FAKE_CLUSTER.secrets as Record<string, Record<string, string>>)[ref.name]?.[ref.key] : e.value;
    if (value === undefined) throw new Error(`env ${e.name}: cannot resolve ${JSON.stringify(e)}`);
    env[e.name] = value;
  }
  return env;
}

async function startDeployment(d: Deployment): Promise<{ name: string; env: Record<string, string>; handle: WorkerHandle }> {
  const [c] = d.spec.template.spec.containers;
  expect(c?.name).toBe('worker');
  expect(c?.command).toEqual(['task-backend-worker']);
  const port = await freePort();
  const args = c!.args.map((a) => (a === '--health-port=8080' ? `--health-port=${port}` : a));
  const env = containerEnv(c!);
  const handle = rig.track(startWorker(args, env));
  return { name: d.metadata.name, env, handle };
}

const cases: Array<{ label: string; argv: (prefix: string) => string[]; assigned: Record<string, string[]> }> = [
  {
    label: "saas-backend.yaml with the brief's profiles",
    argv: (prefix) => [
      '-f',
      'examples/saas-backend.yaml',
      '--profiles',
      'examples/worker-profiles.yaml',
      '--set',
      `taskConfig.prefix=${prefix}`,
      // The example app from this checkout rather than the image's copy (/opt/task-backend/dist).
      '--set',
      'taskConfig.app=dist/examples/app/index.js',
    ],
    assigned: {
      general: [
        'api_process',
        'batch_task',
        'data_validation',
        'extract_data',
        'file_validate',
        'model_inference',
        'notification_send',
        'webhook_send',
      ],
      urgent: ['urgent_task'],
      ml: ['large_data_processing', 'ml_training'],
      files: ['file_extract', 'file_transform'],
      api: ['api_tasks', 'notifications'],
      // heavy-ml is disabled: heavy_ml_tasks must wait, run by no one.
    },
  },
  {
    label: "the brief's values.yaml, on bullmq",
    argv: (prefix) => [
      '-f',
      'examples/values.yaml',
      '--set',
      'taskConfig.backend_type=bullmq',
      '--set',
      'taskConfig.app=dist/examples/app/index.js',
      '--set',
      `taskConfig.broker_url=${REDIS_URL}`,
      '--set',
      `taskConfig.prefix=${prefix}`,
    ],
    assigned: {
      'file-processing': ['file_extract', 'file_transform', 'file_validate'],
      'api-tasks': ['api_process', 'notification_send', 'webhook_send'],
      // ml-processing is disabled; the other tasks have no worker in this file.
    },
  },
];

describe('tb-gen render -> one task-backend-worker per Deployment', () => {
  it.each(cases)('$label', async ({ argv, assigned }) => {
    const { prefix, queue: newQueue } = rig.setup('e2e');
    const deployments = render(argv(prefix));
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      Object.keys(assigned)
        .map((w) => `task-worker-${w}`)
        .sort(),
    );
    const running = await Promise.all(deployments.map(startDeployment));
    for (const r of running) await r.handle.waitForLog((l) => l.event === 'ready', `${r.name} ready`, 15_000);

    const queues = new Map<string, Queue>();
    const queue = (name: string) => queues.get(name) ?? queues.set(name, newQueue(name)).get(name)!;
    const jobs = await Promise.all(
      Object.entries(CATALOGUE).map(async ([task, { queue: q }]) => ({ task, job: await queue(q).add(task, {}) })),
    );
    const owner = (task: string) => Object.entries(assigned).find(([, tasks]) => tasks.includes(task))?.[0];

    await waitUntil(
      async () => {
        const states = await Promise.all(jobs.filter((j) => owner(j.task)).map((j) => j.job.getState()));
        return states.every((s) => s === 'completed');
      },
      'every assigned job completed',
      15_000,
    );
    await new Promise((r) => setTimeout(r, 300)); // give a wrong consumer time to misbehave
    for (const { task, job } of jobs) {
      const fresh = await queue(job.queueName).getJob(job.id!);
      const expected = owner(task);
      const completedBy = running.filter((r) =>
        r.handle.logs.some((l) => l.event === 'job_completed' && l.queue === job.queueName && l.jobId === job.id),
      );
      if (expected) {
        expect(await fresh?.getState(), task).toBe('completed');
        expect(
          completedBy.map((r) => r.env.TASK_BACKEND_WORKER_NAME),
          task,
        ).toEqual([expected]); // as rendered
        expect(completedBy[0]?.handle.logs.find((l) => l.event === 'job_completed' && l.jobId === job.id)?.worker, task).toBe(expected);
      } else {
        expect(await fresh?.getState(), task).toBe('waiting');
        expect(completedBy, task).toEqual([]);
      }
    }
    for (const r of running)
      expect(
        r.handle.logs.filter((l) => l.event === 'job_rejected' || l.event === 'job_failed'),
        r.name,
      ).toEqual([]);
    await Promise.all([...queues.values()].map((q) => q.close()));
    for (const r of running) r.handle.kill('SIGTERM');
    for (const r of running) expect((await r.handle.exited).code, r.name).toBe(0);
  });

  it("the brief's values.yaml (celery, with the example app) start workers that serve what Python Celery sends, each on its assigned worker", async () => {
    const r = await startRedis(); // kombu's keys are global to a database: a redis-server of this test's own
    try {
      const deployments = render([
        '-f',
        'examples/values.yaml',
        '--set',
        `taskConfig.broker_url=${r.broker}`,
        '--set',
        `taskConfig.result_backend=${r.backend}`,
        '--set',
        'taskConfig.app=dist/examples/app/index.js',
      ]);
      const assigned: Record<string, string[]> = {
        'file-processing': ['file_extract', 'file_transform', 'file_validate'],
        'api-tasks': ['api_process', 'notification_send', 'webhook_send'],
        // ml-processing is disabled: ml_training and model_inference wait in their lists.
      };
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
        Object.keys(assigned)
          .map((w) => `task-worker-${w}`)
          .sort(),
      );
      const running = await Promise.all(deployments.map(startDeployment));
      for (const w of running) await w.handle.waitForLog((l) => l.event === 'ready', `${w.name} ready`, 15_000);
      const tasks = Object.entries(CATALOGUE).map(([task, { queue }]) => ({ task, queue }));
      const { ids } = await py(r, { many: tasks.map((t) => ({ ...t, kwargs: {} })) });
      const owner = (task: string) => Object.entries(assigned).find(([, ts]) => ts.includes(task))?.[0];
      for (const [i, { task, queue }] of tasks.entries()) {
        const id = ids[i]!;
        if (!owner(task)) {
          // No worker consumes this queue: the message waits in kombu's list, run by no one.
          expect(await r.client.lrange(queue, 0, -1), task).toContainEqual(expect.stringContaining(id));
          continue;
        }
        expect((await py(r, { get: id, timeout: 30 })).ok, task).toBe(true); // AsyncResult.get() in Python
        const by = running.filter((w) => w.handle.logs.some((l) => l.event === 'job_completed' && l.jobId === id));
        expect(
          by.map((w) => w.env.TASK_BACKEND_WORKER_NAME),
          task,
        ).toEqual([owner(task)]);
      }
      for (const w of running)
        expect(
          w.handle.logs.filter((l) => l.event === 'job_rejected'),
          w.name,
        ).toEqual([]);
      for (const w of running) w.handle.kill('SIGTERM');
      for (const w of running) expect((await w.handle.exited).code, w.name).toBe(0);
    } finally {
      await r.stop();
    }
  });
});
