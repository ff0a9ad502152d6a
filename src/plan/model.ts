// Typed shapes of the plan that render consumes: each worker's merged spec beside its resolved
// settings (src/plan/resolve.ts), and the release's.
import type { Backend } from '../contract/args.js';
import type { Runtime } from '../contract/celery.js';
import type { TaskRoute } from '../contract/selection.js';
import type { Diagnostic } from '../values/diagnostics.js';
import type { ChartMeta, CpuMem, Quantity, RedisForKeda, Values, WorkerSpec } from '../values/model.js';

/** The release-wide settings, every default applied. */
export interface ReleaseSettings {
  backend: Backend;
  /** BullMQ's key prefix (taskConfig.prefix, else the contract's). */
  prefix: string;
  redisMode: NonNullable<RedisForKeda['mode']>;
  podSecurityLevel: NonNullable<Values['podSecurityLevel']>;
  podMonitorInterval: string;
  monitoring: MonitoringSettings;
  /** The top-level image's tag, else the chart's appVersion: the release's version label. */
  imageTag: string;
}

/** One alert's settings, the values' over the contract's (ALERTS). */
export interface AlertSettings {
  enabled: boolean;
  for: string;
  severity: string;
  threshold?: number;
}

/** The rule groups' settings (monitoring.rules), every default applied. */
export interface MonitoringSettings {
  rateWindow: string;
  /** The label KEDA's metrics server carries the ScaledObject's namespace in. */
  kedaNamespaceLabel: string;
  /** By alert key (ALERTS). */
  alerts: Record<string, AlertSettings>;
}

/** A probe's timing: the contract's, tuned by the values' probes.<kind>. */
export interface ProbeSettings {
  periodSeconds: number;
  failureThreshold: number;
  timeoutSeconds?: number;
  initialDelaySeconds?: number;
  successThreshold?: number;
}

/** The image a worker's container pulls. */
export interface ImageSettings {
  repository: string;
  tag: string;
  pullPolicy: string;
  digest?: string;
}

/** An autoscaled worker's bounds and targets (HPA or KEDA; each reads its own). */
export interface AutoscalingSettings {
  mode: 'hpa' | 'keda';
  minReplicas: number;
  /** Absent only when the values name none, which a check refuses. */
  maxReplicas?: number;
  /** HPA: CPU utilisation target, absent when only a memory target is set. */
  cpuTarget?: number;
  pollingInterval: number;
  cooldownPeriod: number;
  /** KEDA: jobs per replica. */
  target: number;
  activationTarget: number;
}

/** The disruption budget of a worker that can have a pod. */
export interface PdbSettings {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy: string;
}

/** One worker's settings, every default applied. */
export interface WorkerSettings {
  runtime: Runtime;
  concurrency: number;
  /** Tasks one pod runs at once: Celery's autoscale ceiling for a Python Celery worker, else concurrency. */
  pool: number;
  /** Fixed replicas; an autoscaled worker's scaler owns its count instead. */
  replicas: number;
  grace: number;
  /** Seconds the worker drains before Kubernetes' SIGKILL. */
  shutdownTimeout: number;
  healthPort: number;
  image: ImageSettings;
  /** Liveness for either runtime; readiness for task-backend-worker only (Celery has no ready endpoint). */
  probes: { liveness: ProbeSettings; readiness?: ProbeSettings };
  /** The /tmp emptyDir's size limit, when the pod gets one. */
  tmpSizeLimit: Quantity;
  /** Present when autoscaling is enabled. */
  autoscaling?: AutoscalingSettings;
  /** Present when the worker gets a budget. */
  pdb?: PdbSettings;
}

/** A worker after defaults < profile < worker, with resources in {requests, limits} form. */
export interface ResolvedWorker {
  name: string;
  objectName: string;
  profile?: string;
  spec: WorkerSpec & { resources?: { requests?: CpuMem; limits?: CpuMem } };
  settings: WorkerSettings;
}

/** Everything render needs; no file or position is left in it. */
export interface Plan {
  release: string;
  namespace?: string;
  chart: ChartMeta;
  fullname: string;
  chartName: string;
  values: Values;
  settings: ReleaseSettings;
  workers: ResolvedWorker[];
  /** The routing table tb-gen knows (catalogue plus every task a worker names), for KEDA's queues. */
  routes: TaskRoute[];
}

/** The plan when nothing is an error, and every diagnostic either way. */
export interface PlanResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
}
