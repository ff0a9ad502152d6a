// What a worker's autoscaling and disruption budget resolve to, shared by the checks and the
// renderers: which mode, the replica floor, and how KEDA reaches Redis.
import { DEFAULT_AUTOSCALING_MODE, DEFAULT_MIN_REPLICAS } from '../contract/defaults.js';
import type { ResolvedWorker } from './model.js';

/** The worker autoscales with a KEDA ScaledObject. */
export const isKeda = (w: ResolvedWorker): boolean =>
  w.spec.autoscaling?.enabled === true && (w.spec.autoscaling.mode ?? DEFAULT_AUTOSCALING_MODE) === 'keda';
/** The worker autoscales with a plain HorizontalPodAutoscaler. */
export const isHpa = (w: ResolvedWorker): boolean => w.spec.autoscaling?.enabled === true && !isKeda(w);
/** The lower bound of an autoscaled worker. */
export const minReplicasOf = (w: ResolvedWorker): number => w.spec.autoscaling?.minReplicas ?? DEFAULT_MIN_REPLICAS;
/** The worker can have a pod at some time, so a disruption budget means something. */
export const canHaveReplica = (w: ResolvedWorker): boolean => (w.spec.autoscaling?.enabled === true ? true : (w.spec.replicas ?? 1) > 0);

// KEDA's view of the broker lives with the rest of taskConfig.redis' rendering.
export { kedaRedis, type KedaRedis } from './redis-topology.js';
