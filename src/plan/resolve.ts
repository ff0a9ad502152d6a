// Every built-in default, applied once: the release's and each worker's settings as tb-gen renders
// and checks them. The values (`spec`) stay as written, so a renderer still tells "set" from
// "defaulted" where the output does (an absent --concurrency flag); what a setting resolves to is
// read here and nowhere else falls back to a default of src/contract.
import type { Backend } from '../contract/args.js';
import { CELERY_PROBE, DEFAULT_RUNTIME } from '../contract/celery.js';
import {
  CONTAINER,
  DEFAULT_AUTOSCALING_MODE,
  DEFAULT_BACKEND,
  DEFAULT_CONCURRENCY,
  DEFAULT_CPU_TARGET,
  DEFAULT_GRACE_SECONDS,
  DEFAULT_MIN_REPLICAS,
  DEFAULT_POD_SECURITY_LEVEL,
  DEFAULT_PREFIX,
  DEFAULT_REDIS_MODE,
  DEFAULT_REPLICAS,
  HEALTH_PORT,
  KEDA,
  kedaCooldown,
  PDB,
  POD_MONITOR_INTERVAL,
  PROBES,
  shutdownTimeout,
  TMP_DIR,
} from '../contract/defaults.js';
import { isMap } from '../contract/shapes.js';
import type { ChartMeta, ProbeTuning, RedisForKeda, Values, WorkerSpec } from '../values/model.js';
import { ALERTS, MONITORING } from '../contract/monitoring/rules.js';
import { CLIENT_CERT_KEYS } from '../contract/redis.js';
import type {
  AutoscalingSettings,
  ImageSettings,
  MonitoringSettings,
  PdbSettings,
  ProbeSettings,
  ReleaseSettings,
  WorkerSettings,
} from './model.js';

/** The release-wide settings: backend, key prefix, Redis topology, Pod Security level, scrape interval, image tag. */
export function releaseSettings(values: Values, chart: ChartMeta): ReleaseSettings {
  return {
    backend: backendOf(values),
    prefix: prefixOf(values),
    redisMode: redisModeOf(values),
    podSecurityLevel: values.podSecurityLevel ?? DEFAULT_POD_SECURITY_LEVEL,
    podMonitorInterval: values.podMonitor?.interval ?? POD_MONITOR_INTERVAL,
    monitoring: monitoringOf(values),
    imageTag: values.image?.tag || chart.appVersion,
  };
}

/** taskConfig.backend_type, else the contract's; for the checks that run before the plan exists. */
export const backendOf = (values: Values): Backend => values.taskConfig?.backend_type ?? DEFAULT_BACKEND;

/** taskConfig.prefix, else BullMQ's. */
export const prefixOf = (values: Values): string => values.taskConfig?.prefix ?? DEFAULT_PREFIX;

/** taskConfig.redis.mode, else standalone. */
export const redisModeOf = (values: Values): ReleaseSettings['redisMode'] => values.taskConfig?.redis?.mode ?? DEFAULT_REDIS_MODE;

/** taskConfig.rabbitmq.protocol, else amqp: how KEDA counts a queue on RabbitMQ. */
export const rabbitProtocolOf = (values: Values): (typeof KEDA.rabbitmq.protocols)[number] =>
  values.taskConfig?.rabbitmq?.protocol ?? KEDA.rabbitmq.protocol;

/** taskConfig.redis.clientCertSecret with its key names decided, or undefined. */
export function clientCertOf(redis: RedisForKeda | undefined): { name: string; certKey: string; keyKey: string } | undefined {
  const c = redis?.clientCertSecret;
  return c && { name: c.name, certKey: c.certKey ?? CLIENT_CERT_KEYS.certKey, keyKey: c.keyKey ?? CLIENT_CERT_KEYS.keyKey };
}

/** One worker's settings from its merged spec (defaults < profile < worker) and the release's. */
export function workerSettings(spec: WorkerSpec, values: Values, chart: ChartMeta): WorkerSettings {
  const runtime = spec.runtime ?? DEFAULT_RUNTIME;
  const grace = spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const concurrency = spec.concurrency ?? DEFAULT_CONCURRENCY;
  const replicas = spec.replicas ?? DEFAULT_REPLICAS;
  const autoscaling = autoscalingOf(spec, values, grace, concurrency);
  return {
    runtime,
    concurrency,
    pool: runtime === DEFAULT_RUNTIME ? concurrency : (spec.celery?.autoscale?.max ?? concurrency),
    replicas,
    grace,
    shutdownTimeout: shutdownTimeout(grace),
    healthPort: spec.healthPort ?? HEALTH_PORT,
    image: imageOf(spec, values, chart),
    probes: probesOf(spec, runtime === DEFAULT_RUNTIME),
    tmpSizeLimit: spec.tmpDir?.sizeLimit ?? TMP_DIR.sizeLimit,
    ...(autoscaling ? { autoscaling } : {}),
    // A worker that never has a pod (replicas 0, no autoscaling) gets no budget.
    ...(spec.pdb?.enabled !== false && (autoscaling || replicas > 0) ? { pdb: pdbOf(spec) } : {}),
  };
}

function autoscalingOf(spec: WorkerSpec, values: Values, grace: number, concurrency: number): AutoscalingSettings | undefined {
  const a = spec.autoscaling;
  if (a?.enabled !== true) return undefined;
  const mode = a.mode ?? DEFAULT_AUTOSCALING_MODE;
  const celeryBroker = backendOf(values) === 'celery';
  // On a Celery broker a replica takes Celery's pool ceiling (autoscale max) before its concurrency.
  const perReplica = celeryBroker ? (spec.celery?.autoscale?.max ?? concurrency) : concurrency;
  const cpu = a.targetCPUUtilizationPercentage ?? (a.targetMemoryUtilizationPercentage === undefined ? DEFAULT_CPU_TARGET : undefined);
  return {
    mode,
    minReplicas: a.minReplicas ?? DEFAULT_MIN_REPLICAS,
    ...(a.maxReplicas !== undefined ? { maxReplicas: a.maxReplicas } : {}),
    ...(cpu !== undefined ? { cpuTarget: cpu } : {}),
    pollingInterval: a.pollingInterval ?? KEDA.pollingInterval,
    cooldownPeriod: a.cooldownPeriod ?? kedaCooldown(grace),
    target: a.target ?? perReplica,
    activationTarget: a.activationTarget ?? KEDA.activationTarget,
  };
}

function monitoringOf(values: Values): MonitoringSettings {
  const r = values.monitoring?.rules ?? {};
  const alerts = ALERTS.map((a) => {
    const set = r.alerts?.[a.key] ?? {};
    const threshold = set.threshold ?? a.threshold;
    return [
      a.key,
      {
        enabled: set.enabled !== false,
        for: set.for ?? a.for,
        severity: set.severity ?? a.severity,
        ...(threshold === undefined ? {} : { threshold }),
      },
    ];
  });
  return {
    rateWindow: r.rateWindow ?? MONITORING.rateWindow,
    kedaNamespaceLabel: r.kedaNamespaceLabel ?? MONITORING.kedaNamespaceLabel,
    alerts: Object.fromEntries(alerts) as MonitoringSettings['alerts'],
  };
}

const PROBE_KEYS = ['periodSeconds', 'failureThreshold', 'timeoutSeconds', 'initialDelaySeconds', 'successThreshold'] as const;

// task-backend-worker's HTTP probes (PROBES), else Celery's ping (CELERY_PROBE), tuned by the values.
function probesOf(spec: WorkerSpec, ours: boolean): WorkerSettings['probes'] {
  const tuned = (base: ProbeSettings, t: ProbeTuning = {}): ProbeSettings => {
    const out: ProbeSettings = { ...base };
    for (const k of PROBE_KEYS) if (t[k] !== undefined) out[k] = t[k];
    return out;
  };
  const { liveness, readiness } = spec.probes ?? {};
  if (!ours) {
    const { periodSeconds, failureThreshold, timeoutSeconds } = CELERY_PROBE;
    return { liveness: tuned({ periodSeconds, failureThreshold, timeoutSeconds }, liveness) };
  }
  const http = (p: ProbeSettings) => ({ periodSeconds: p.periodSeconds, failureThreshold: p.failureThreshold });
  return { liveness: tuned(http(PROBES.liveness), liveness), readiness: tuned(http(PROBES.readiness), readiness) };
}

const pdbOf = (spec: WorkerSpec): PdbSettings => {
  const p = spec.pdb ?? {};
  return {
    ...(p.minAvailable !== undefined ? { minAvailable: p.minAvailable } : { maxUnavailable: p.maxUnavailable ?? PDB.maxUnavailable }),
    unhealthyPodEvictionPolicy: p.unhealthyPodEvictionPolicy ?? PDB.unhealthyPodEvictionPolicy,
  };
};

/**
 * The worker's image: its own `image` over the top-level one; the tag defaults to the chart
 * appVersion. A top-level digest pins the top-level image only, not a worker's own repository or tag.
 */
function imageOf(spec: WorkerSpec, values: Values, chart: ChartMeta): ImageSettings {
  const top = values.image ?? {};
  const own = spec.image ?? {};
  const digest = own.digest || (own.repository || own.tag ? undefined : top.digest);
  return {
    repository: own.repository ?? top.repository ?? CONTAINER.repository,
    tag: own.tag || top.tag || chart.appVersion,
    pullPolicy: own.pullPolicy ?? top.pullPolicy ?? CONTAINER.pullPolicy,
    ...(digest ? { digest } : {}),
  };
}

/**
 * The settings a worker's values leave unset, as `[path, value]`: what tb-gen and the chart render
 * without a word from the values, and what `tb-gen explain` lists as built-in.
 */
export function builtIns(spec: WorkerSpec, s: WorkerSettings): Array<[string, unknown]> {
  const a = spec.autoscaling ?? {};
  const out: Array<[string, unknown]> = [];
  const unset = (path: string, v: unknown, value: unknown) => v === undefined && out.push([path, value]);
  if (!s.autoscaling) unset('replicas', spec.replicas, s.replicas);
  unset('concurrency', spec.concurrency, s.concurrency);
  unset('terminationGracePeriodSeconds', spec.terminationGracePeriodSeconds, s.grace);
  if (s.autoscaling) {
    unset('autoscaling.mode', a.mode, s.autoscaling.mode);
    unset('autoscaling.minReplicas', a.minReplicas, s.autoscaling.minReplicas);
    if (s.autoscaling.mode === 'keda') {
      unset('autoscaling.pollingInterval', a.pollingInterval, s.autoscaling.pollingInterval);
      unset('autoscaling.cooldownPeriod', a.cooldownPeriod, s.autoscaling.cooldownPeriod);
    } else if (a.targetMemoryUtilizationPercentage === undefined) {
      unset('autoscaling.targetCPUUtilizationPercentage', a.targetCPUUtilizationPercentage, s.autoscaling.cpuTarget);
    }
  }
  if (s.pdb) {
    if (s.pdb.minAvailable === undefined) unset('pdb.maxUnavailable', spec.pdb?.maxUnavailable, s.pdb.maxUnavailable);
    unset('pdb.unhealthyPodEvictionPolicy', spec.pdb?.unhealthyPodEvictionPolicy, s.pdb.unhealthyPodEvictionPolicy);
  }
  return out;
}

/** The flat `{memory, cpu}` of the values means requests and limits both set to those values. */
export function nestResources(spec: Record<string, unknown>): Record<string, unknown> {
  const r = spec.resources;
  if (!isMap(r) || (r.cpu === undefined && r.memory === undefined) || r.requests || r.limits) return spec;
  const flat = Object.fromEntries(['cpu', 'memory'].filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  return { ...spec, resources: { requests: flat, limits: flat } };
}
