// Typed shapes of the values file, as the schema admits it: inferred from the values shape of
// src/values/shape/ (which also makes the schema), so the two cannot drift. The plan's types are in
// src/plan/model.ts.
import type { Infer } from './shape/build.js';
import type { alertSettings, monitoring } from './shape/monitoring.js';
import type { redis, taskConfig } from './shape/task-config.js';
import type { values } from './shape/values.js';
import type { autoscaling, pdb, probeTuning, resources } from './shape/worker-parts.js';
import type { workerSpec } from './shape/worker.js';

/** A Kubernetes quantity: 500m, 2, 512Mi. */
export type Quantity = string | number;
/** Requests or limits: cpu, memory, and extended resources by name. */
export type CpuMem = NonNullable<Resources['requests']>;
/** A worker's resources, in Kubernetes' form or the flat one. */
export type Resources = Infer<typeof resources>;
/** A worker's autoscaling block. */
export type Autoscaling = Infer<typeof autoscaling>;
/** A worker's PodDisruptionBudget block. */
export type Pdb = Infer<typeof pdb>;
/** The image block (top level or per worker). */
export type Image = NonNullable<Values['image']>;
/** Timing of one probe. */
export type ProbeTuning = Infer<ReturnType<typeof probeTuning>>;
/** One worker's settings; defaults and profiles use the same shape. */
export type WorkerSpec = Infer<typeof workerSpec>;
/** Settings every worker shares. */
export type TaskConfig = Infer<typeof taskConfig>;
/** How the workers, producers and KEDA reach the broker Redis (docs/redis.md). */
export type RedisForKeda = Infer<typeof redis>;
/** One alert's settings under monitoring.rules.alerts (src/contract/monitoring/rules.ts ALERTS). */
export type AlertSettings = Infer<ReturnType<typeof alertSettings>>;
/** Alert and recording rules, and the Grafana dashboard, per release. */
export type Monitoring = Infer<typeof monitoring>;
/** The merged values document. */
export type Values = { [K in keyof typeof values]?: Infer<(typeof values)[K]> };

/** Chart identity that names and labels derive from (read from chart/Chart.yaml). */
export interface ChartMeta {
  name: string;
  version: string;
  appVersion: string;
}
