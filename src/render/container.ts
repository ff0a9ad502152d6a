// The worker container: command, args in the brief's form, env, probes, resources.
import { ENV, HEALTH_PORT, HEALTH_PORT_NAME, SHUTDOWN_MARGIN_SECONDS } from '../contract.js';
import type { Plan, ResolvedWorker } from '../config/model.js';
import { formatArgs, type WorkerArgs } from '../worker/args.js';

type Obj = Record<string, unknown>;

/** Seconds the worker drains before Kubernetes' SIGKILL: the grace period less a margin. */
export const shutdownTimeout = (grace: number): number => Math.max(1, grace - SHUTDOWN_MARGIN_SECONDS);

/** Does this backend run our task-backend-worker (with health port and bounded shutdown)? */
export const runsOurWorker = (plan: Plan): boolean => backendOf(plan) === 'bullmq';
const backendOf = (plan: Plan) => plan.values.taskConfig?.backend_type ?? 'bullmq';

/** The args tb-gen writes; the worker parses them with the same module. */
export function workerArgs(plan: Plan, w: ResolvedWorker): string[] {
  const s = w.spec;
  const ours = runsOurWorker(plan);
  const args: WorkerArgs = {
    backend: backendOf(plan),
    ...pick(s, ['tasks', 'excludeTasks', 'queues', 'excludeQueues', 'concurrency']),
    ...(ours ? { shutdownTimeout: shutdownTimeout(s.terminationGracePeriodSeconds ?? 30), healthPort: HEALTH_PORT } : {}),
  };
  return formatArgs(args);
}

function pick(s: ResolvedWorker['spec'], keys: readonly (keyof WorkerArgs & keyof ResolvedWorker['spec'])[]): WorkerArgs {
  // An empty list (`excludeTasks: []`) selects nothing, so it is no flag at all.
  const set = (v: unknown) => v !== undefined && !(Array.isArray(v) && v.length === 0);
  return Object.fromEntries(keys.filter((k) => set(s[k])).map((k) => [k, s[k]])) as WorkerArgs;
}

function env(plan: Plan, w: ResolvedWorker): Obj[] {
  const tc = plan.values.taskConfig ?? {};
  const out: Obj[] = [{ name: ENV.backend, value: backendOf(plan) }];
  if (tc.brokerSecret) out.push({ name: ENV.brokerUrl, valueFrom: { secretKeyRef: { name: tc.brokerSecret.name, key: tc.brokerSecret.key } } });
  else if (tc.broker_url) out.push({ name: ENV.brokerUrl, value: tc.broker_url });
  if (tc.app) out.push({ name: ENV.app, value: tc.app });
  if (tc.prefix) out.push({ name: ENV.prefix, value: tc.prefix });
  out.push({ name: ENV.workerName, value: w.name });
  if (w.profile !== undefined) out.push({ name: ENV.profileName, value: w.profile });
  return [...out, ...(w.spec.env ?? [])];
}

const probe = (path: string, period: number, failures: number): Obj => ({
  httpGet: { path, port: HEALTH_PORT_NAME },
  periodSeconds: period,
  failureThreshold: failures,
});

/** The one container of a worker pod. */
export function container(plan: Plan, w: ResolvedWorker): Obj {
  const image = plan.values.image ?? {};
  const ours = runsOurWorker(plan);
  const resources = w.spec.resources ?? {};
  return omitEmpty({
    name: 'worker',
    image: `${image.repository ?? 'task-backend'}:${image.tag || plan.chart.appVersion}`,
    imagePullPolicy: image.pullPolicy ?? 'IfNotPresent',
    command: ['task-backend-worker'],
    args: workerArgs(plan, w),
    env: env(plan, w),
    envFrom: w.spec.envFrom,
    ports: ours ? [{ name: HEALTH_PORT_NAME, containerPort: HEALTH_PORT, protocol: 'TCP' }] : undefined,
    livenessProbe: ours ? probe('/livez', 10, 3) : undefined,
    readinessProbe: ours ? probe('/readyz', 5, 2) : undefined,
    resources: omitEmpty({ requests: resources.requests, limits: resources.limits }),
    securityContext: w.spec.securityContext,
  });
}

/** Drop undefined values, empty maps and empty lists, as the chart's `with` blocks do. */
export function omitEmpty(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !isEmpty(v)));
}

const isEmpty = (v: unknown) =>
  v === undefined || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);
