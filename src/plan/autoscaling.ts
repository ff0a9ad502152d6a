// What a worker's autoscaling and disruption budget resolve to, shared by the checks and the
// renderers: which mode, the replica floor, and how KEDA reaches Redis.
import type { ResolvedWorker } from './model.js';

/** The worker autoscales with a KEDA ScaledObject. */
export const isKeda = (w: ResolvedWorker): boolean => w.settings.autoscaling?.mode === 'keda';
/** The worker autoscales with a plain HorizontalPodAutoscaler. */
export const isHpa = (w: ResolvedWorker): boolean => w.settings.autoscaling?.mode === 'hpa';
/** The worker can have a pod at some time, so a disruption budget means something. */
export const canHaveReplica = (w: ResolvedWorker): boolean => w.settings.autoscaling !== undefined || w.settings.replicas > 0;

// KEDA's view of the broker lives with the rest of taskConfig.redis' rendering, or, on RabbitMQ, in rabbitmq.ts.
export { kedaRedis, type KedaRedis } from './redis-topology.js';
export { kedaRabbit, onRabbitBroker, type KedaRabbit } from './rabbitmq.js';
