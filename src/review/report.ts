// `tb-gen report`: what the values cost at their minimum and maximum scale, per worker and in
// total, and how many Redis connections the workers open at maximum scale.
//
// Redis model, per pod of task-backend-worker (src/worker/runner.ts on BullMQ 6.7): one shared
// ioredis connection, plus one blocking connection per consumed queue (each BullMQ Worker
// duplicates the shared client for its blocking fetch). The Queue handle opened per queue for the
// waiting-jobs gauge is given the shared client and uses it (BullMQ marks it shared), so it adds
// none. With backend celery (src/worker/celery/): one command and one blocking (BRPOP) connection
// to a Redis broker whatever the number of queues (none to RabbitMQ), plus one to the result
// backend when one is set. Producers (enqueue) are not counted. A Python Celery pod (`runtime:
// celery`) opens what Celery opens (10 to an idle Redis broker with Celery 5.2.6's defaults,
// CLIENT LIST: consumer, pidbox, gossip, mingle, heartbeat, events; more with a result backend and
// under load): not estimated, and then no total either, since a partial sum would under-count.
import type { Plan } from '../plan/model.js';
import { isAmqpUrl } from '../contract/broker.js';
import { BULLMQ_BACKEND } from '../contract/defaults.js';
import { runsOurWorker } from '../contract/celery.js';
import type { Rendered } from '../render/index.js';
import { capacityOf, total, type Capacity } from './capacity.js';
import { JSON_VERSION } from './diagnostics-json.js';
import { summarize } from './summary.js';

/** Where the connections go, by topology (taskConfig.redis): Sentinel and Cluster add their own. */
export type Topology = { mode: 'standalone' } | { mode: 'sentinel'; sentinels: number } | { mode: 'cluster'; nodes: number };

/**
 * Connections one pod opens, as measured with CLIENT LIST on real servers (test/redis/connections):
 * `perServer` on the Redis server (or on each Cluster node at most), which maxclients limits; with
 * Sentinel one more per client on each sentinel (ioredis subscribes every client to +switch-master);
 * `total` over every server (for a Cluster a bound: each client may reach every listed node).
 */
export function connectionsPerPod(
  queues: number,
  t: Topology = { mode: 'standalone' },
): { perServer: number; sentinels: number; total: number } {
  const clients = 1 + queues; // the shared one and a blocking one per consumed queue
  if (t.mode === 'sentinel') return { perServer: clients, sentinels: clients * t.sentinels, total: clients * (1 + t.sentinels) };
  if (t.mode === 'cluster') return { perServer: clients, sentinels: 0, total: clients * t.nodes };
  return { perServer: clients, sentinels: 0, total: clients };
}

/** The topology taskConfig.redis describes (seed nodes and sentinels as listed). */
export function topologyOf(plan: Plan): Topology {
  const r = plan.values.taskConfig?.redis ?? {};
  if (plan.settings.redisMode === 'sentinel') return { mode: 'sentinel', sentinels: r.sentinels?.length ?? 1 };
  if (plan.settings.redisMode === 'cluster') return { mode: 'cluster', nodes: r.nodes?.length ?? 1 };
  return { mode: 'standalone' };
}

/** Redis connections of one celery pod: broker (unless RabbitMQ: amqp://, or taskConfig.rabbitmq) and result backend. */
export function celeryConnectionsPerPod(tc: NonNullable<Plan['values']['taskConfig']>): number {
  const amqp = (isAmqpUrl(tc.broker_url ?? '') && !tc.brokerSecret) || tc.rabbitmq !== undefined;
  return (amqp ? 0 : 2) + (tc.result_backend || tc.resultBackendSecret ? 1 : 0);
}

export interface WorkerReport {
  name: string;
  mode: string;
  concurrency: number;
  queues: string[];
  capacity: Capacity;
  /** Per pod and at maximum scale (task-backend-worker's, for bullmq and celery); null for Python Celery pods. */
  redisConnections: { perPod: number; atMax: number } | null;
}

/** The documented JSON shape of `tb-gen report --format json`. */
export interface CapacityReport {
  version: number;
  workers: WorkerReport[];
  total: Capacity & { redisConnectionsAtMax: number | null };
  /** Present for backend celery, whose pods count connections otherwise (celeryConnectionsPerPod). */
  connectionModel?: 'celery';
  /** Given with --maxclients (and a backend whose connections are known): the limit, the share used at maximum scale, and whether it is exceeded. */
  maxclients: { limit: number; used: number; percent: number; exceeded: boolean } | null;
  /** Sentinel or Cluster (absent for one server): where the connections above go besides. */
  topology?: Topology;
}

/** The report for one plan and its objects. */
export function capacityReport(plan: Plan, objects: readonly Rendered[], maxclients?: number): CapacityReport {
  const backend = plan.settings.backend;
  const ourBackend = backend === BULLMQ_BACKEND || backend === 'celery';
  const ourWorker = new Map(plan.workers.map((w) => [w.name, runsOurWorker(w)]));
  const workers = [...summarize(plan, objects).values()].map((s): WorkerReport => {
    const ours = ourBackend && ourWorker.get(s.name) !== false;
    const perPod =
      backend === 'celery' ? celeryConnectionsPerPod(plan.values.taskConfig ?? {}) : connectionsPerPod(s.queues.length).perServer;
    return {
      name: s.name,
      mode: s.mode,
      concurrency: s.concurrency,
      queues: s.queues,
      capacity: capacityOf(s),
      redisConnections: ours ? { perPod, atMax: perPod * s.maxReplicas } : null,
    };
  });
  const known = ourBackend && workers.every((w) => w.redisConnections !== null);
  const connections = known ? workers.reduce((n, w) => n + (w.redisConnections?.atMax ?? 0), 0) : null;
  const topology = topologyOf(plan);
  return {
    version: JSON_VERSION,
    workers,
    total: { ...total(workers.map((w) => w.capacity)), redisConnectionsAtMax: connections },
    ...(backend === 'celery' ? { connectionModel: 'celery' as const } : {}),
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
    ...(topology.mode === 'standalone' ? {} : { topology }),
  };
}
