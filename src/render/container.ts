// The worker container: image, command, args in the brief's form, env, probes, resources, mounts.
import { formatArgs, type WorkerArgs } from '../contract/args.js';
import { CONTAINER, HEALTH_PORT_NAME, PROBES, TMP_DIR } from '../contract/defaults.js';
import { ENV } from '../contract/env.js';
import type { Plan, ProbeSettings, ResolvedWorker } from '../plan/model.js';
import { runsOurWorker, runsPythonCelery } from '../contract/celery.js';
import { celeryBrokerEnv, celeryCommand, celeryLiveness } from './celery-container.js';
import { redisEnv, redisMounts } from '../plan/redis-topology.js';

type Obj = Record<string, unknown>;

/** Does any enabled worker of the plan run task-backend-worker (so serve /metrics)? */
export const anyRunsOurWorker = (plan: Plan): boolean => plan.workers.some(runsOurWorker);

/** The args tb-gen writes; the worker parses them with the same module. */
export function workerArgs(plan: Plan, w: ResolvedWorker): string[] {
  const s = w.spec;
  const ours = runsOurWorker(w);
  const args: WorkerArgs = {
    backend: plan.settings.backend,
    ...pick(s, ['tasks', 'excludeTasks', 'queues', 'excludeQueues', 'concurrency']),
    ...(ours ? { shutdownTimeout: w.settings.shutdownTimeout, healthPort: w.settings.healthPort } : {}),
  };
  return formatArgs(args);
}

function pick(s: ResolvedWorker['spec'], keys: readonly (keyof WorkerArgs & keyof ResolvedWorker['spec'])[]): WorkerArgs {
  // An empty list (`excludeTasks: []`) selects nothing, so it is no flag at all.
  const set = (v: unknown) => v !== undefined && !(Array.isArray(v) && v.length === 0);
  return Object.fromEntries(keys.filter((k) => set(s[k])).map((k) => [k, s[k]]));
}

function env(plan: Plan, w: ResolvedWorker): Obj[] {
  const tc = plan.values.taskConfig ?? {};
  const out: Obj[] = [{ name: ENV.backend, value: plan.settings.backend }];
  if (tc.brokerSecret)
    out.push({ name: ENV.brokerUrl, valueFrom: { secretKeyRef: { name: tc.brokerSecret.name, key: tc.brokerSecret.key } } });
  else if (tc.broker_url) out.push({ name: ENV.brokerUrl, value: tc.broker_url });
  if (runsPythonCelery(w)) out.push(...celeryBrokerEnv(plan));
  if (tc.resultBackendSecret) {
    const { name, key } = tc.resultBackendSecret;
    out.push({ name: ENV.resultBackend, valueFrom: { secretKeyRef: { name, key } } });
  } else if (tc.result_backend) out.push({ name: ENV.resultBackend, value: tc.result_backend });
  out.push(...redisEnv(plan.values));
  if (tc.app) out.push({ name: ENV.app, value: tc.app });
  if (tc.prefix) out.push({ name: ENV.prefix, value: tc.prefix });
  out.push({ name: ENV.workerName, value: w.name });
  if (w.profile !== undefined) out.push({ name: ENV.profileName, value: w.profile });
  return [...out, ...(w.spec.env ?? [])];
}

// The contract's path on the health port, with the probe's resolved timing.
const probe = (path: string, p: ProbeSettings): Obj => ({
  httpGet: { path, port: HEALTH_PORT_NAME },
  periodSeconds: p.periodSeconds,
  failureThreshold: p.failureThreshold,
  ...pickDefined(p, ['initialDelaySeconds', 'timeoutSeconds', 'successThreshold']),
});

const pickDefined = <T extends object>(o: T, keys: readonly (keyof T)[]): Obj =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

/** The image reference the container pulls: repository@digest when pinned, else repository:tag. */
export const imageRef = (i: { repository: string; tag: string; digest?: string }): string =>
  i.digest ? `${i.repository}@${i.digest}` : `${i.repository}:${i.tag}`;

/** The root file system is read-only, so the pod gets an emptyDir at /tmp (unless it mounts one). */
export const needsTmpDir = (w: ResolvedWorker): boolean =>
  w.spec.securityContext?.readOnlyRootFilesystem === true && !(w.spec.volumeMounts ?? []).some((m) => m.mountPath === TMP_DIR.mountPath);

/** The one container of a worker pod. */
export function container(plan: Plan, w: ResolvedWorker): Obj {
  const image = w.settings.image;
  const celery = runsPythonCelery(w);
  const ours = runsOurWorker(w);
  const cmd = celery ? celeryCommand(plan, w) : { command: [CONTAINER.command], args: workerArgs(plan, w) };
  const resources = w.spec.resources ?? {};
  const mounts = [
    ...(w.spec.volumeMounts ?? []),
    ...(needsTmpDir(w) ? [{ name: TMP_DIR.volume, mountPath: TMP_DIR.mountPath }] : []),
    ...redisMounts(plan.values),
  ];
  return omitEmpty({
    name: CONTAINER.name,
    image: imageRef(image),
    imagePullPolicy: image.pullPolicy,
    command: cmd.command,
    args: cmd.args,
    env: env(plan, w),
    envFrom: w.spec.envFrom,
    ports: ours ? [{ name: HEALTH_PORT_NAME, containerPort: w.settings.healthPort, protocol: 'TCP' }] : undefined,
    livenessProbe: ours ? probe(PROBES.liveness.path, w.settings.probes.liveness) : celery ? celeryLiveness(w) : undefined,
    readinessProbe: ours && w.settings.probes.readiness ? probe(PROBES.readiness.path, w.settings.probes.readiness) : undefined,
    resources: omitEmpty({ requests: resources.requests, limits: resources.limits }),
    securityContext: w.spec.securityContext,
    volumeMounts: mounts,
  });
}

/** Drop undefined values, empty maps and empty lists, as the chart's `with` blocks do. */
export function omitEmpty(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !isEmpty(v)));
}

const isEmpty = (v: unknown) =>
  v === undefined || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);
