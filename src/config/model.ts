// Typed shapes of the values file (as the schema admits it) and of the plan render consumes.
import type { Backend } from '../contract/args.js';
import type { Diagnostic } from './diagnostics.js';

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
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number;
  targetMemoryUtilizationPercentage?: number;
  behavior?: Record<string, unknown>;
}

/** One worker's settings; defaults and profiles use the same shape. */
export interface WorkerSpec {
  enabled?: boolean;
  profile?: string;
  replicas?: number;
  tasks?: string[];
  excludeTasks?: string[];
  queues?: string[];
  excludeQueues?: string[];
  concurrency?: number;
  resources?: Resources;
  autoscaling?: Autoscaling;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: Record<string, unknown>;
  topologySpreadConstraints?: unknown[];
  priorityClassName?: string;
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
  app?: string;
  prefix?: string;
}

/** The merged values document. */
export interface Values {
  taskConfig?: TaskConfig;
  image?: { repository?: string; tag?: string; pullPolicy?: string };
  imagePullSecrets?: Array<{ name: string }>;
  nameOverride?: string;
  fullnameOverride?: string;
  commonLabels?: Record<string, string>;
  tasks?: Record<string, { queue: string }>;
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

/** A worker after defaults < profile < worker, with resources in {requests, limits} form. */
export interface ResolvedWorker {
  name: string;
  objectName: string;
  profile?: string;
  spec: WorkerSpec & { resources?: { requests?: CpuMem; limits?: CpuMem } };
}

/** Everything render needs; no file or position is left in it. */
export interface Plan {
  release: string;
  namespace?: string;
  chart: ChartMeta;
  fullname: string;
  chartName: string;
  values: Values;
  workers: ResolvedWorker[];
}

export interface PlanResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
}
