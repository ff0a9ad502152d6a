// Typed shapes of the values file, as the schema admits it (the plan's are in src/plan/model.ts).
import type { Backend } from '../contract/args.js';
import type { CelerySettings, Runtime } from '../contract/celery.js';

export type Quantity = string | number;
export interface CpuMem {
  cpu?: Quantity;
  memory?: Quantity;
}
export interface Resources extends CpuMem {
  requests?: CpuMem;
  limits?: CpuMem;
}

export interface Autoscaling {
  enabled?: boolean;
  mode?: 'hpa' | 'keda';
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number;
  targetMemoryUtilizationPercentage?: number;
  behavior?: Record<string, unknown>;
  target?: number;
  activationTarget?: number;
  pollingInterval?: number;
  cooldownPeriod?: number;
  wakeForDelayed?: boolean;
  countUnacked?: boolean;
  hpaName?: string;
}

export interface Pdb {
  enabled?: boolean;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: string;
}

export interface Image {
  repository?: string;
  tag?: string;
  digest?: string;
  pullPolicy?: string;
}
export interface ProbeTuning {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

/** One worker's settings; defaults and profiles use the same shape. */
export interface WorkerSpec {
  enabled?: boolean;
  profile?: string;
  runtime?: Runtime;
  celery?: CelerySettings;
  replicas?: number;
  tasks?: string[];
  excludeTasks?: string[];
  queues?: string[];
  excludeQueues?: string[];
  concurrency?: number;
  resources?: Resources;
  autoscaling?: Autoscaling;
  pdb?: Pdb;
  image?: Image;
  probes?: { liveness?: ProbeTuning; readiness?: ProbeTuning };
  tmpDir?: { sizeLimit?: Quantity; medium?: string };
  volumes?: Array<Record<string, unknown>>;
  volumeMounts?: Array<Record<string, unknown>>;
  automountServiceAccountToken?: boolean;
  revisionHistoryLimit?: number;
  strategy?: Record<string, unknown>;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: Record<string, unknown>;
  topologySpreadConstraints?: unknown[];
  priorityClassName?: string;
  hostNetwork?: boolean;
  healthPort?: number;
  env?: Array<Record<string, unknown>>;
  envFrom?: unknown[];
  podAnnotations?: Record<string, string>;
  podLabels?: Record<string, string>;
  terminationGracePeriodSeconds?: number;
  securityContext?: Record<string, unknown>;
  podSecurityContext?: Record<string, unknown>;
}

export interface TaskConfig {
  backend_type?: Backend;
  broker_url?: string;
  brokerSecret?: { name: string; key: string };
  /** Celery's result_backend (TASK_BACKEND_RESULT_BACKEND), plain or from a Secret. */
  result_backend?: string;
  resultBackendSecret?: { name: string; key: string };
  app?: string;
  prefix?: string;
  redis?: RedisForKeda;
}

/** How the workers, producers and KEDA reach the broker Redis (docs/redis.md). */
export interface RedisForKeda {
  mode?: 'standalone' | 'cluster' | 'sentinel';
  database?: number;
  tls?: boolean;
  sentinelMaster?: string;
  sentinels?: string[];
  nodes?: string[];
  caSecret?: { name: string; key: string };
  clientCertSecret?: { name: string; certKey?: string; keyKey?: string };
  insecureSkipVerify?: boolean;
  secret?: { name: string; addressKey?: string; usernameKey?: string; passwordKey?: string; sentinelPasswordKey?: string };
}

/** One alert's settings under monitoring.rules.alerts (src/contract/monitoring/rules.ts ALERTS). */
export interface AlertSettings {
  enabled?: boolean;
  for?: string;
  severity?: string;
  threshold?: number;
}

/** Alert and recording rules, and the Grafana dashboard, per release. */
export interface Monitoring {
  rules?: {
    enabled?: boolean;
    labels?: Record<string, string>;
    alertLabels?: Record<string, string>;
    rateWindow?: string;
    kedaNamespaceLabel?: string;
    alerts?: Record<string, AlertSettings>;
  };
  dashboards?: { enabled?: boolean; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** The merged values document. */
export interface Values {
  taskConfig?: TaskConfig;
  image?: Image;
  serviceAccount?: { create?: boolean; name?: string; annotations?: Record<string, string> };
  podMonitor?: { enabled?: boolean; interval?: string; labels?: Record<string, string> };
  monitoring?: Monitoring;
  podSecurityLevel?: 'privileged' | 'baseline' | 'restricted';
  imagePullSecrets?: Array<{ name: string }>;
  nameOverride?: string;
  fullnameOverride?: string;
  commonLabels?: Record<string, string>;
  tasks?: Record<string, { queue: string }>;
  catalogueComplete?: boolean;
  profiles?: Record<string, WorkerSpec>;
  defaults?: WorkerSpec;
  workers?: Record<string, WorkerSpec>;
}

/** Chart identity that names and labels derive from (read from chart/Chart.yaml). */
export interface ChartMeta {
  name: string;
  version: string;
  appVersion: string;
}
