// `tb-gen report`: what the values cost at their minimum and maximum scale, per worker and in
// total, and how many Redis connections the workers open at maximum scale.
//
// Redis model, per pod of task-backend-worker (src/worker/runner.ts on BullMQ 6.7): one shared
// ioredis connection, plus one blocking connection per consumed queue (each BullMQ Worker
// duplicates the shared client for its blocking fetch). The Queue handle opened per queue for the
// waiting-jobs gauge is given the shared client and uses it (BullMQ marks it shared), so it adds
// none. Producers (enqueue) and other backends' workers are not counted.
import type { Plan } from '../config/model.js';
import { DEFAULT_BACKEND, OUR_BACKEND } from '../contract/defaults.js';
import type { Rendered } from '../render/index.js';
import { capacityOf, total, type Capacity } from './capacity.js';
import { JSON_VERSION } from './diagnostics-json.js';
import { summarize } from './summary.js';

/** Connections one pod opens: the shared one and a blocking one per consumed queue. */
export const connectionsPerPod = (queues: number): number => 1 + queues;

export interface WorkerReport {
  name: string;
  mode: string;
  concurrency: number;
  queues: string[];
  capacity: Capacity;
  /** Per pod and at maximum scale; null for a backend whose worker tb-gen does not know (celery). */
  redisConnections: { perPod: number; atMax: number } | null;
}

/** The documented JSON shape of `tb-gen report --format json`. */
export interface CapacityReport {
  version: number;
  workers: WorkerReport[];
  total: Capacity & { redisConnectionsAtMax: number | null };
  /** Given with --maxclients (and a backend whose connections are known): the limit, the share used at maximum scale, and whether it is exceeded. */
  maxclients: { limit: number; used: number; percent: number; exceeded: boolean } | null;
}

/** The report for one plan and its objects. */
export function capacityReport(plan: Plan, objects: readonly Rendered[], maxclients?: number): CapacityReport {
  const ours = (plan.values.taskConfig?.backend_type ?? DEFAULT_BACKEND) === OUR_BACKEND;
  const workers = [...summarize(plan, objects).values()].map((s): WorkerReport => {
    const perPod = connectionsPerPod(s.queues.length);
    return {
      name: s.name,
      mode: s.mode,
      concurrency: s.concurrency,
      queues: s.queues,
      capacity: capacityOf(s),
      redisConnections: ours ? { perPod, atMax: perPod * s.maxReplicas } : null,
    };
  });
  const connections = ours ? workers.reduce((n, w) => n + (w.redisConnections?.atMax ?? 0), 0) : null;
  return {
    version: JSON_VERSION,
    workers,
    total: { ...total(workers.map((w) => w.capacity)), redisConnectionsAtMax: connections },
    // Another backend's connections are not known: no comparison rather than a reassuring 0.
    maxclients:
      maxclients === undefined || connections === null
        ? null
        : {
            limit: maxclients,
            used: connections,
            percent: Math.round((connections / maxclients) * 1000) / 10,
            exceeded: connections > maxclients,
          },
  };
}
