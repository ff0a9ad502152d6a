// What the end-to-end tests share: Helm (the pinned one in .tools/), the values of a release of the
// example app, a plain BullMQ producer on the host, pods' logs, a slow HTTP endpoint on the pods'
// bridge for long jobs, and figures recorded to bench/.out/e2e.json (measured, never asserted).
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT } from '../helpers/fixtures.js';
import { dropPrefix } from '../helpers/worker.js';
import { deleteNamespace, exec, get, kubeconfig, list, waitFor, type Obj, type Run } from '../cluster/kube.js';
import { BRIDGE_HOST } from './relay.js';

export const HELM = process.env.HELM || join(ROOT, '.tools/helm3/helm');
/** The chart as users install it: from the registry, at its pinned version (global-setup.ts pushed it there). */
export const chart = (): string[] => [inject('chartRef'), '--version', inject('chartVersion'), '--plain-http'];

/** Image values for a pushed image (`task-backend`, `celery-app`): pinned by digest, pulled from the registry by the node. */
export function pushedImage(name = 'task-backend'): Obj {
  const ref = inject('images')[name];
  if (!ref) throw new Error(`the registry has no ${name} image: its build (make image, make celery-image) did not run`);
  const [repository, digest] = ref.split('@') as [string, string];
  return { repository, digest, pullPolicy: 'IfNotPresent' };
}
/** The example app's task -> queue table, which the values carry as their `tasks:` catalogue. */
export const CATALOGUE = parse(readFileSync(join(ROOT, 'examples/app/tasks.yaml'), 'utf8')) as Record<string, { queue: string }>;
/** Where the image keeps the example app (image/Containerfile). */
export const APP = '/opt/task-backend/dist/examples/app/index.js';

/** helm with the run's kubeconfig; a failure throws with Helm's output. */
export async function helm(args: string[], values?: Obj): Promise<Run> {
  const r = await exec(HELM, ['--kubeconfig', kubeconfig(), ...args, ...(values ? ['-f', '-'] : [])], {
    input: values ? stringify(values) : '',
  });
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** Values of a release of the example app: its catalogue, the broker through the relay, a prefix of its own. */
export function releaseValues(prefix: string, workers: Obj, extra: Obj = {}): Obj {
  return {
    taskConfig: { app: APP, broker_url: inject('podRedisUrl'), prefix },
    tasks: CATALOGUE,
    image: pushedImage(),
    defaults: {
      terminationGracePeriodSeconds: 10,
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      probes: { readiness: { periodSeconds: 1 } },
    },
    workers,
    ...extra,
  };
}

export const newPrefix = (what: string): string => `e2e-${what}-${randomBytes(3).toString('hex')}`;

/** A Redis client on the host (REDIS_URL, else 127.0.0.1:6379). */
export const hostRedis = (): Redis => new Redis(inject('hostRedisUrl'), { maxRetriesPerRequest: null });

/** Plain BullMQ producers, one Queue per queue name, on the host. */
export class Producer {
  private readonly queues = new Map<string, Queue>();
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}
  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = new Queue(name, { connection: this.connection, prefix: this.prefix })));
    return q;
  }
  /** Enqueue task `task` on the queue the catalogue routes it to; returns the job id. */
  async add(task: string, data: Obj = {}, opts: { priority?: number } = {}): Promise<string> {
    const route = CATALOGUE[task];
    if (!route) throw new Error(`no route for ${task}`);
    const job = await this.queue(route.queue).add(task, data, { removeOnComplete: false, removeOnFail: false, ...opts });
    return String(job.id);
  }
  async job(task: string, id: string): Promise<Obj | undefined> {
    const j = await this.queue((CATALOGUE[task] as { queue: string }).queue).getJob(id);
    return j
      ? { finishedOn: j.finishedOn, failedReason: j.failedReason, returnvalue: j.returnvalue, attemptsMade: j.attemptsMade }
      : undefined;
  }
  /** How many `completed` events the queue's event stream holds for each job id. */
  async completedEvents(queue: string): Promise<Map<string, number>> {
    const entries = (await this.connection.xrange(`${this.prefix}:${queue}:events`, '-', '+')) as Array<[string, string[]]>;
    const out = new Map<string, number>();
    for (const [, f] of entries) {
      const m = new Map<string, string>();
      for (let i = 0; i < f.length; i += 2) m.set(f[i] as string, f[i + 1] as string);
      if (m.get('event') === 'completed') out.set(m.get('jobId') as string, (out.get(m.get('jobId') as string) ?? 0) + 1);
    }
    return out;
  }
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** A test file's teardown: its producer, its Redis keys and connection, its release and namespace (each only if made). */
export async function tearDown(t: { producer?: Producer; redis?: Redis; prefix: string; release: string; ns: string }): Promise<void> {
  await t.producer?.close();
  if (t.redis) {
    await dropPrefix(t.redis, t.prefix);
    t.redis.disconnect();
  }
  if (t.ns) {
    await helm(['uninstall', t.release, '--namespace', t.ns]).catch(() => undefined);
    await deleteNamespace(t.ns);
  }
}

/** The JSON lines of a pod's log (kubectl logs), with non-JSON lines kept as {raw}. */
export async function podLog(ns: string, pod: string): Promise<Obj[]> {
  const r = await exec(join(ROOT, '.tools/kube/bin/kubectl'), ['--kubeconfig', kubeconfig(), 'logs', '-n', ns, pod]);
  if (r.code !== 0) throw new Error(`kubectl logs ${pod}: ${r.stderr}`);
  return jsonLines(r.stdout);
}

export const jsonLines = (text: string): Obj[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as Obj;
      } catch {
        return { raw: l };
      }
    });

/** A `kubectl logs -f` of a pod from its start, kept while the pod lives (its log goes with it). */
export function followLog(ns: string, pod: string): { lines: () => Obj[]; stop: () => void; ended: Promise<void> } {
  let text = '';
  let stop = () => undefined as void;
  const ended = new Promise<void>((resolve) => {
    void import('node:child_process').then(({ spawn }) => {
      const child = spawn(join(ROOT, '.tools/kube/bin/kubectl'), ['--kubeconfig', kubeconfig(), 'logs', '-f', '-n', ns, pod]);
      child.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
      child.on('close', () => resolve());
      stop = () => void child.kill('SIGTERM');
    });
  });
  return { lines: () => jsonLines(text), stop: () => stop(), ended };
}

/** Pods of a worker of a release (selector labels of the contract). */
export const workerPods = (ns: string, release: string, worker: string): Promise<Obj[]> =>
  list(`/api/v1/namespaces/${ns}/pods`, `app.kubernetes.io/instance=${release},task-backend.io/worker=${worker}`);

/** One line per pod of the namespace (phase, conditions not met, container waits and exits), for a failed wait's message. */
export async function podStates(ns: string): Promise<string> {
  const pods = (await get(`/api/v1/namespaces/${ns}/pods`)).items as Obj[];
  return pods
    .map((p) => {
      const unmet = ((p.status?.conditions ?? []) as Obj[])
        .filter((c) => c.status !== 'True')
        .map((c) => `${c.type}: ${c.message ?? c.reason ?? 'no'}`);
      const cs = ((p.status?.containerStatuses ?? []) as Obj[]).map((c) =>
        JSON.stringify({ restarts: c.restartCount, state: c.state, last: c.lastState }),
      );
      return `${p.metadata.name} ${p.status?.phase} ${unmet.join('; ')} ${cs.join(' ')}`;
    })
    .join('\n');
}

export const isReady = (pod: Obj): boolean =>
  !pod.metadata.deletionTimestamp && (pod.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');

/** Seconds from a pod's creation to its Ready condition. */
export const readySeconds = (pod: Obj): number => {
  const ready = (pod.status.conditions as Obj[]).find((c) => c.type === 'Ready');
  return (Date.parse(ready?.lastTransitionTime) - Date.parse(pod.metadata.creationTimestamp)) / 1000;
};

/** Wait until a Deployment has `n` ready pods of its current template and no other pod. */
export async function rolledOut(ns: string, name: string, n: number, timeoutMs = 180_000): Promise<Obj> {
  return waitFor(
    `deployment ${name} with ${n} ready pods`,
    async () => {
      const d = await get(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`);
      const s = d.status ?? {};
      const ok =
        s.observedGeneration === d.metadata.generation &&
        (s.updatedReplicas ?? 0) === n &&
        (s.readyReplicas ?? 0) === n &&
        (s.replicas ?? 0) === n &&
        (s.availableReplicas ?? 0) === n;
      return ok ? d : undefined;
    },
    timeoutMs,
  );
}

/** An HTTP endpoint on the pods' bridge answering after ?ms= milliseconds: a webhook_send job that long (under its 5 s timeout). */
export async function slowServer(): Promise<{ url: string; hits: Map<string, number>; close: () => Promise<void> }> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const id = u.searchParams.get('id') ?? '';
    hits.set(id, (hits.get(id) ?? 0) + 1);
    const timer = setTimeout(() => res.end('ok'), Number(u.searchParams.get('ms') ?? 0));
    res.on('close', () => clearTimeout(timer));
    req.resume();
  });
  await new Promise<void>((r) => server.listen(0, BRIDGE_HOST, () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${BRIDGE_HOST}:${port}/`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const FIGURES = join(ROOT, 'bench/.out/e2e.json');
/** Print a measured figure and append it to bench/.out/e2e.json (one JSON object a line). */
export function figure(name: string, value: number, unit: string, note = ''): void {
  console.log(`[e2e figure] ${name}: ${value} ${unit}${note ? ` (${note})` : ''}`);
  mkdirSync(join(ROOT, 'bench/.out'), { recursive: true });
  appendFileSync(FIGURES, JSON.stringify({ at: new Date().toISOString(), name, value, unit, note }) + '\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
