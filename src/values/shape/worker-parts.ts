// The nested blocks of a worker's settings: its Celery command line, resources, autoscaling,
// disruption budget, probes and /tmp. Defaults named in descriptions come from src/contract.
import * as C from '../../contract/celery.js';
import * as D from '../../contract/defaults.js';
import * as N from '../../contract/names.js';
import { anyMap, bool, choice, int, obj, objWithRest, str } from './build.js';
import { intOrPercent, quantity } from './common.js';
import { k8s } from './k8s.js';

/** runtime celery: Celery's worker command line. */
export const celery = obj(
  'runtime celery: the Celery worker command line. Each key maps to one Celery option; unset keys leave Celery (or the app) to decide.',
  {
    app: str(
      'The Celery app to load (-A), a Python module path such as backend or backend.workers.file_processing (module:attribute also works).',
      { pattern: C.CELERY_APP.source, maxLength: 253 },
    ),
    autoscale: obj(
      "Celery's pool autoscaler (--autoscale max,min): the pool grows to max processes under load and shrinks to min; replaces --concurrency, and max is the KEDA target per pod by default.",
      { max: int('Most pool processes.', 1, 10000), min: int('Fewest pool processes.', 0, 10000) },
      ['max', 'min'],
    ),
    prefetchMultiplier: int(
      `Messages each pool process reserves ahead (--prefetch-multiplier; Celery's default ${C.CELERY.defaultPrefetchMultiplier}). Reserved messages leave the queue, so KEDA no longer sees them: 1 with autoscaling.`,
      1,
      10000,
    ),
    maxTasksPerChild: int('Tasks a pool process runs before it is replaced (--max-tasks-per-child).', 1, 10000000),
    timeLimit: int('Hard time limit per task in seconds: the pool process is killed (--time-limit).', 1, 604800),
    softTimeLimit: int('Soft time limit per task in seconds: SoftTimeLimitExceeded is raised in the task (--soft-time-limit).', 1, 604800),
    acksLate: bool(
      "Acknowledge a task when it ends instead of when it starts (task_acks_late, passed on the command line, over the app's setting). Off, a task in flight is invisible to KEDA and lost when its pod is killed.",
    ),
    brokerTransportOptions: anyMap(
      `kombu's broker_transport_options, passed on the command line as JSON; it replaces the app's own, so give all of them. visibility_timeout (Redis; default ${C.CELERY.defaultVisibilityTimeout} s) must exceed the grace period and the time limit, or a running task is delivered again.`,
    ),
  },
);

const cpuMem = (what: string) =>
  objWithRest(
    `${what} for the worker container: cpu, memory, and any other resource by name (ephemeral-storage, nvidia.com/gpu, ...).`,
    {
      cpu: quantity(`CPU ${what.toLowerCase()}, a Kubernetes quantity such as 500m or 2.`),
      memory: quantity(`Memory ${what.toLowerCase()}, a Kubernetes quantity such as 512Mi or 8Gi (2GB is not one).`),
    },
    quantity(`An extended resource's ${what.toLowerCase().replace(/s$/, '')}, a Kubernetes quantity.`),
  );

/** Container resources, in Kubernetes' form or the brief's flat one. */
export const resources = obj(
  'Container resources: Kubernetes {requests, limits}, or the flat {memory, cpu} form, which sets requests and limits to the same values.',
  {
    requests: cpuMem('Requests'),
    limits: cpuMem('Limits'),
    cpu: quantity('Flat form: CPU request and limit.'),
    memory: quantity('Flat form: memory request and limit.'),
  },
);

/** The HPA or KEDA ScaledObject of one worker. */
export const autoscaling = obj(
  'Autoscaling for this worker: a HorizontalPodAutoscaler on CPU/memory (mode hpa) or a KEDA ScaledObject on the queue backlog (mode keda); when enabled the Deployment has no replicas.',
  {
    enabled: bool('Autoscale this worker.'),
    mode: choice(
      `hpa: an autoscaling/v2 HorizontalPodAutoscaler on CPU/memory; keda: a keda.sh/v1alpha1 ScaledObject on the jobs waiting and running in the consumed queues (default ${D.DEFAULT_AUTOSCALING_MODE}).`,
      D.AUTOSCALING_MODES,
    ),
    minReplicas: int(`Lower bound (default ${D.DEFAULT_MIN_REPLICAS}); 0, scale to zero, only with mode keda.`, 0, 1000),
    maxReplicas: int('Upper bound; required when autoscaling is enabled.', 1, 1000),
    targetCPUUtilizationPercentage: int(
      `mode hpa: average CPU utilisation target, percent of requests (default ${D.DEFAULT_CPU_TARGET} when no target is set).`,
      1,
      1000,
    ),
    targetMemoryUtilizationPercentage: int('mode hpa: average memory utilisation target, percent of requests.', 1, 1000),
    behavior: k8s(
      'hpaBehavior',
      'HPA scaleUp/scaleDown behavior (mode keda: advanced.horizontalPodAutoscalerConfig.behavior, default a cautious scale-down).',
    ),
    target: int("mode keda: jobs (waiting, prioritized and running) per replica (default the worker's concurrency).", 1, 100000),
    activationTarget: int('mode keda: backlog above which a worker at zero replicas wakes (default 0: any job wakes it).', 0, 100000),
    pollingInterval: int(`mode keda: seconds between backlog checks (default ${D.KEDA.pollingInterval}).`, 1, 3600),
    cooldownPeriod: int(
      `mode keda: seconds without backlog before scaling to zero (default ${D.KEDA.cooldownPeriod}, or the grace period plus ${D.KEDA.cooldownOverGrace} s if that is longer).`,
      0,
      86400,
    ),
    wakeForDelayed: bool(
      'mode keda: keep one replica while delayed jobs exist, so due ones are promoted and run (BullMQ promotes delayed jobs only while a worker runs).',
    ),
    countUnacked: bool(
      "mode keda, Celery broker on Redis: add kombu's `unacked` hash (tasks delivered and not yet acknowledged: running, or reserved by prefetch) to the queue lists. The hash is one per Redis database, so every worker whose queues share the database counts the others' in-flight tasks too.",
    ),
    hpaName: str(
      `mode keda: name of the HPA KEDA creates (default keda-hpa-<object name>, which must then fit ${N.MAX_NAME} characters).`,
      { pattern: N.DNS_LABEL.source, maxLength: N.MAX_NAME },
    ),
  },
);

/** The PodDisruptionBudget of one worker. */
export const pdb = obj('PodDisruptionBudget for this worker (policy/v1), on by default for every worker that can have a replica.', {
  enabled: bool('Render a PodDisruptionBudget.'),
  minAvailable: intOrPercent(
    'Pods that must stay available during a voluntary disruption (a number or a percentage); not with maxUnavailable.',
  ),
  maxUnavailable: intOrPercent(
    `Pods that may be unavailable during a voluntary disruption (default ${D.PDB.maxUnavailable} when minAvailable is unset).`,
  ),
  unhealthyPodEvictionPolicy: choice(
    `Whether unready pods may be evicted regardless of the budget (default ${D.PDB.unhealthyPodEvictionPolicy}: during a Redis outage every worker is unready, and IfHealthyBudget would block node drains).`,
    ['AlwaysAllow', 'IfHealthyBudget'],
  ),
});

/** Timing of one probe (path and port are fixed). */
export const probeTuning = (description: string) =>
  obj(description, {
    initialDelaySeconds: int('Seconds before the first probe.', 0, 3600),
    periodSeconds: int('Seconds between probes.', 1, 3600),
    timeoutSeconds: int('Seconds a probe may take.', 1, 3600),
    failureThreshold: int('Failures in a row that count as failed.', 1, 100),
    successThreshold: int('Successes in a row that count as passed (liveness: must be 1).', 1, 100),
  });

/** The liveness and readiness probes of task-backend-worker. */
export const probes = obj('Tuning of the rendered liveness and readiness probes (task-backend-worker only; path and port are fixed).', {
  liveness: probeTuning('Liveness probe (/livez).'),
  readiness: probeTuning('Readiness probe (/readyz).'),
});

/** The emptyDir a read-only root file system gets at /tmp. */
export const tmpDir = obj(`The emptyDir mounted at ${D.TMP_DIR.mountPath} whenever the root file system is read-only.`, {
  sizeLimit: quantity(`Size limit of the ${D.TMP_DIR.mountPath} emptyDir (default ${D.TMP_DIR.sizeLimit}).`),
  medium: choice('emptyDir medium: "" (node disk) or Memory (tmpfs, counted against the memory limit).', ['', 'Memory']),
});
