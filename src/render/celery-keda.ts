// The ScaledObject's triggers and formula for a worker on a Celery broker in Redis (either
// runtime: Python Celery and the Node celery backend share kombu's layout): one redis trigger per
// queue list and priority sub-list, `unacked` with autoscaling.countUnacked, summed by the formula.
import { CELERY_BACKEND } from '../contract/celery.js';
import { celeryKeys } from '../contract/kombu.js';
import { KEDA } from '../contract/defaults.js';
import { FORMULA } from '../contract/keda.js';
import type { KedaRedis } from '../plan/autoscaling.js';
import { sortKeys } from '../contract/shapes.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';

type Obj = Record<string, unknown>;

/** The release's broker keeps Celery's messages (taskConfig.backend_type celery). */
export const onCeleryBroker = (plan: Plan): boolean => plan.settings.backend === CELERY_BACKEND;

/** The formula and the triggers over kombu's keys of the consumed queues. */
export function celeryScaling(queues: string[], w: ResolvedWorker, redis: KedaRedis, auth?: Obj): { formula: string; triggers: Obj[] } {
  const keys = celeryKeys(queues, w.spec.autoscaling?.countUnacked === true);
  return {
    formula: keys.map((k) => k.name).join(FORMULA.join),
    triggers: keys.map((k) => ({
      type: redis.type,
      name: k.name,
      metadata: sortKeys({ listName: k.key, listLength: KEDA.listLength, ...redis.metadata }),
      ...(auth ? { authenticationRef: auth } : {}),
    })),
  };
}
