// keda.sh/v1alpha1 ScaledObject for a worker with autoscaling.mode keda: a Redis trigger on each
// backlog key of each consumed queue (on a Celery broker, kombu's lists, or RabbitMQ's queues),
// summed by scalingModifiers into jobs per replica, so the worker scales on its backlog (and to
// zero) instead of on CPU. Derived, never hand-written.
import { KEDA } from '../contract/defaults.js';
import { BACKLOG_KEYS, backlogFormula, bullKey, triggerName } from '../contract/keda.js';
import { isKeda, kedaRabbit, kedaRedis, onRabbitBroker } from '../plan/autoscaling.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { sortKeys } from '../contract/shapes.js';
import { metadata } from './deployment.js';
import { celeryScaling, onCeleryBroker, rabbitScaling } from './celery-keda.js';
import { consumedQueues } from './queues.js';
import { triggerAuthName } from './triggerauth.js';

export { consumedQueues };

/** The ScaledObject, or undefined unless the worker autoscales with KEDA. */
export function scaledObject(plan: Plan, w: ResolvedWorker): Record<string, unknown> | undefined {
  const s = w.settings.autoscaling;
  if (!s || !isKeda(w)) return undefined;
  const a = w.spec.autoscaling ?? {};
  const queues = consumedQueues(plan, w);
  const behavior = a.behavior && Object.keys(a.behavior).length ? a.behavior : sortKeys(KEDA.behavior);
  const hpa = { ...(a.hpaName ? { name: a.hpaName } : {}), behavior };
  const celery = onCeleryBroker(plan) ? celeryTriggers(plan, w, queues) : undefined;
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: metadata(plan, w),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.objectName },
      minReplicaCount: s.minReplicas,
      maxReplicaCount: s.maxReplicas,
      pollingInterval: s.pollingInterval,
      cooldownPeriod: s.cooldownPeriod,
      advanced: {
        horizontalPodAutoscalerConfig: hpa,
        scalingModifiers: {
          formula: celery?.formula ?? backlogFormula(queues.length, a.wakeForDelayed === true),
          target: String(s.target),
          activationTarget: String(s.activationTarget),
          metricType: KEDA.metricType,
        },
      },
      triggers: celery?.triggers ?? triggers(plan, queues, a.wakeForDelayed === true),
    },
  };
}

// kombu's keys in Redis, or the queues on RabbitMQ; the TriggerAuthentication when a Secret is read.
function celeryTriggers(plan: Plan, w: ResolvedWorker, queues: string[]): ReturnType<typeof celeryScaling> {
  const ref = { name: triggerAuthName(plan) };
  if (onRabbitBroker(plan.values)) {
    const rabbit = kedaRabbit(plan.values);
    return rabbitScaling(queues, rabbit, rabbit.auth ? ref : undefined);
  }
  const redis = kedaRedis(plan.values);
  return celeryScaling(queues, w, redis, redis.auth ? ref : undefined);
}

function triggers(plan: Plan, queues: string[], wakeForDelayed: boolean): Array<Record<string, unknown>> {
  const prefix = plan.settings.prefix;
  const redis = kedaRedis(plan.values);
  const keys = BACKLOG_KEYS.filter((k) => k.counts === 'backlog' || wakeForDelayed);
  return keys.flatMap((k) =>
    queues.map((q, i) => ({
      type: redis.type,
      name: triggerName(k.suffix, i),
      metadata: sortKeys({ listName: bullKey(prefix, q, k.suffix), listLength: KEDA.listLength, ...redis.metadata }),
      ...(redis.auth ? { authenticationRef: { name: triggerAuthName(plan) } } : {}),
    })),
  );
}
