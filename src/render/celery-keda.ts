// The ScaledObject's triggers and formula for a worker on a Celery broker (either runtime: Python
// Celery and the Node celery backend share kombu's layout). In Redis: one redis trigger per queue
// list and priority sub-list, `unacked` with autoscaling.countUnacked. On RabbitMQ: one rabbitmq
// trigger per queue (a priority queue is one queue there, x-max-priority). Summed by the formula,
// as the HPA would take the maximum of separate triggers.
import { CELERY_BACKEND } from '../contract/celery.js';
import { CELERY_TRIGGER, celeryKeys } from '../contract/kombu.js';
import { KEDA } from '../contract/defaults.js';
import { FORMULA } from '../contract/keda.js';
import type { KedaRabbit, KedaRedis } from '../plan/autoscaling.js';
import { sortKeys } from '../contract/shapes.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';

type Obj = Record<string, unknown>;
type Scaling = { formula: string; triggers: Obj[] };

/** The release's broker keeps Celery's messages (taskConfig.backend_type celery). */
export const onCeleryBroker = (plan: Plan): boolean => plan.settings.backend === CELERY_BACKEND;

/** The formula and the triggers over kombu's keys of the consumed queues. */
export function celeryScaling(queues: string[], w: ResolvedWorker, redis: KedaRedis, auth?: Obj): Scaling {
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

/** The formula and one rabbitmq trigger per consumed queue, counting its messages (QueueLength). */
export function rabbitScaling(queues: string[], rabbit: KedaRabbit, auth?: Obj): Scaling {
  const r = KEDA.rabbitmq;
  const names = queues.map((_, i) => CELERY_TRIGGER.queue.replace('%d', String(i)));
  return {
    formula: names.join(FORMULA.join),
    triggers: queues.map((q, i) => ({
      type: r.type,
      name: names[i],
      metadata: sortKeys({ queueName: q, mode: r.mode, value: KEDA.listLength, ...rabbit.metadata }),
      ...(auth ? { authenticationRef: auth } : {}),
    })),
  };
}
