// Every default the three parts share: what tb-gen renders and the chart renders when the values
// say nothing, and what task-backend-worker assumes when a flag or variable is absent.

/** Backend when taskConfig.backend_type (or TASK_BACKEND_TYPE) is not set. */
export const DEFAULT_BACKEND = 'bullmq';
/** BullMQ: the backend whose limits (redis:// only, Sentinel support, BullMQ's connections) some checks know. */
export const BULLMQ_BACKEND = 'bullmq';
/** Celery's own visibility_timeout default (seconds), the celery backend's when none is given. */
export const DEFAULT_VISIBILITY_TIMEOUT = 3600;
/** Celery's result_expires default (one day): the TTL of a stored result. */
export const CELERY_RESULT_EXPIRES = 86400;
/** BullMQ key prefix when taskConfig.prefix is not set. */
export const DEFAULT_PREFIX = 'bull';
/** The worker's `profile` log field, metric label and refusal-reason word when it runs no profile:
 *  never a profile name (those are DNS-1123 labels), and, unlike "", not Prometheus' "label absent". */
export const NO_PROFILE = '-';
/** Broker when TASK_BACKEND_BROKER_URL is unset: a local Redis, for development. */
export const DEFAULT_BROKER_URL = 'redis://127.0.0.1:6379';
/** Jobs in flight per process without --concurrency or a profile's concurrency. */
export const DEFAULT_CONCURRENCY = 1;

/** Port for /livez, /readyz and /metrics; the Deployment names it HEALTH_PORT_NAME. */
export const HEALTH_PORT = 8080;
export const HEALTH_PORT_NAME = 'http';
/** Bounds of a worker's healthPort: 0 (off) is not one, the probes need the port. */
export const HEALTH_PORT_RANGE = { min: 1, max: 65535 } as const;

/**
 * A worker with hostNetwork: its health port is a host port, which a surge pod on the same node
 * cannot bind, so a Deployment that names no strategy replaces one pod at a time, as a DaemonSet
 * does (the default 25% surge would leave the new pod Pending on a one-node cluster). Its pods
 * resolve cluster names, as pods off the host network do.
 */
export const HOST_NETWORK = {
  // Keys in sorted order, as the chart's toYaml writes them.
  strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
  dnsPolicy: 'ClusterFirstWithHostNet',
} as const;
/** Where the worker serves its Prometheus metrics, on the health port. */
export const METRICS_PATH = '/metrics';
/** The probes on that port: path, period and failure threshold. */
export const PROBES = {
  liveness: { path: '/livez', periodSeconds: 10, failureThreshold: 3 },
  readiness: { path: '/readyz', periodSeconds: 5, failureThreshold: 2 },
} as const;

/** Kubernetes' own default grace period, rendered when the values set none. */
export const DEFAULT_GRACE_SECONDS = 30;
/** Seconds kept between the worker's drain deadline and Kubernetes' SIGKILL. */
export const SHUTDOWN_MARGIN_SECONDS = 5;
/** Seconds the worker drains before Kubernetes' SIGKILL: the grace period less the margin, at least 1. */
export const shutdownTimeout = (grace: number): number => Math.max(1, grace - SHUTDOWN_MARGIN_SECONDS);
/** --shutdown-timeout when the flag is absent: what tb-gen renders for the default grace period. */
export const DEFAULT_SHUTDOWN_TIMEOUT = shutdownTimeout(DEFAULT_GRACE_SECONDS);

/** Pods per worker when neither replicas nor autoscaling say otherwise. */
export const DEFAULT_REPLICAS = 1;
/** HPA lower bound when autoscaling.minReplicas is not set. */
export const DEFAULT_MIN_REPLICAS = 1;
/** HPA CPU utilisation target when no target is set. */
export const DEFAULT_CPU_TARGET = 80;

/** The container: its name, its command, and the image when the values name none. */
export const CONTAINER = {
  name: 'worker',
  command: 'task-backend-worker',
  repository: 'task-backend',
  pullPolicy: 'IfNotPresent',
} as const;

/** BullMQ's lock duration and stall-check interval when the tuning variables are unset (ms). */
export const DEFAULT_LOCK_DURATION_MS = 30_000;
export const DEFAULT_STALLED_INTERVAL_MS = 30_000;

/** autoscaling.mode: an HPA on CPU/memory, or a KEDA ScaledObject on the queue backlog. */
export const AUTOSCALING_MODES = ['hpa', 'keda'] as const;
export const DEFAULT_AUTOSCALING_MODE = 'hpa';

/** KEDA ScaledObject defaults; cooldownPeriod is at least the grace period plus cooldownOverGrace. */
export const KEDA = {
  pollingInterval: 30,
  cooldownPeriod: 300,
  cooldownOverGrace: 30,
  activationTarget: 0,
  /** The composite metric is jobs per replica (scalingModifiers.metricType). */
  metricType: 'AverageValue',
  /** Each trigger's own target; the formula's target is the one that counts. */
  listLength: '1',
  /** The TriggerAuthentication is `<fullname><triggerAuthSuffix>`. */
  triggerAuthSuffix: '-redis',
  /** KEDA names its HPA `keda-hpa-<ScaledObject name>`, and a name has 63 characters. */
  hpaPrefix: 'keda-hpa-',
  /** Scale down one pod a minute after five quiet minutes: a burst of short jobs does not thrash pods. */
  behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
  /**
   * KEDA's rabbitmq scaler, for a Celery broker on RabbitMQ: one trigger per consumed queue counting
   * its messages (mode QueueLength). amqp counts ready messages only; http, through the management
   * API, ready plus unacknowledged. Its TriggerAuthentication is `<fullname><triggerAuthSuffix>`.
   */
  rabbitmq: { type: 'rabbitmq', mode: 'QueueLength', protocols: ['amqp', 'http'], protocol: 'amqp', triggerAuthSuffix: '-rabbitmq' },
} as const;

/** The cooldown a ScaledObject gets when the values name none. */
export const kedaCooldown = (grace: number): number => Math.max(KEDA.cooldownPeriod, grace + KEDA.cooldownOverGrace);

/** taskConfig.redis.mode -> KEDA trigger type. */
export const REDIS_TRIGGER_TYPES = { standalone: 'redis', cluster: 'redis-cluster', sentinel: 'redis-sentinel' } as const;
export const DEFAULT_REDIS_MODE = 'standalone';

/** PodDisruptionBudget defaults: one pod at a time, and unready pods never block a drain. */
export const PDB = { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' } as const;

/** The emptyDir at /tmp that a read-only root file system gets. */
export const TMP_DIR = { volume: 'tmp', mountPath: '/tmp', sizeLimit: '1Gi' } as const;

/** The Pod Security level the rendered pods are checked against when the values name none. */
export const DEFAULT_POD_SECURITY_LEVEL = 'restricted';

/** PodMonitor scrape interval when the values name none. */
export const POD_MONITOR_INTERVAL = '30s';
