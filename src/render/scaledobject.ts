// keda.sh/v1alpha1 ScaledObject for a worker with autoscaling.mode keda: a Redis trigger on each
// backlog key of each consumed queue, summed by scalingModifiers into jobs per replica, so the
// worker scales on its backlog (and to zero) instead of on CPU. Derived, never hand-written.
import { DEFAULT_CONCURRENCY, DEFAULT_GRACE_SECONDS, DEFAULT_PREFIX, KEDA, kedaCooldown } from '../contract/defaults.js';
import { BACKLOG_KEYS, backlogFormula, bullKey, triggerName } from '../contract/keda.js';
import { isKeda, kedaRedis, minReplicasOf } from '../config/autoscaling.js';
import type { Plan, ResolvedWorker } from '../config/model.js';
import { sortKeys } from '../contract/shapes.js';
import { metadata } from './deployment.js';
import { celeryScaling, celeryTarget, onCeleryBroker } from './celery-keda.js';
import { consumedQueues } from './queues.js';
import { triggerAuthName } from './triggerauth.js';

export { consumedQueues };

/** The ScaledObject, or undefined unless the worker autoscales with KEDA. */
export function scaledObject(plan: Plan, w: ResolvedWorker): Record<string, unknown> | undefined {
  if (!isKeda(w)) return undefined;
  const a = w.spec.autoscaling ?? {};
  const grace = w.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const queues = consumedQueues(plan, w);
  const behavior = a.behavior && Object.keys(a.behavior).length ? a.behavior : sortKeys(KEDA.behavior);
  const hpa = { ...(a.hpaName ? { name: a.hpaName } : {}), behavior };
  const redis = kedaRedis(plan.values);
  const celery = onCeleryBroker(plan)
    ? celeryScaling(queues, w, redis, redis.auth ? { name: triggerAuthName(plan) } : undefined)
    : undefined;
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: metadata(plan, w),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.objectName },
      minReplicaCount: minReplicasOf(w),
      maxReplicaCount: a.maxReplicas,
      pollingInterval: a.pollingInterval ?? KEDA.pollingInterval,
      cooldownPeriod: a.cooldownPeriod ?? kedaCooldown(grace),
      advanced: {
        horizontalPodAutoscalerConfig: hpa,
        scalingModifiers: {
          formula: celery?.formula ?? backlogFormula(queues.length, a.wakeForDelayed === true),
          target: String(celery ? celeryTarget(w) : (a.target ?? w.spec.concurrency ?? DEFAULT_CONCURRENCY)),
          activationTarget: String(a.activationTarget ?? KEDA.activationTarget),
          metricType: KEDA.metricType,
        },
      },
      triggers: celery?.triggers ?? triggers(plan, queues, a.wakeForDelayed === true),
    },
  };
}

function triggers(plan: Plan, queues: string[], wakeForDelayed: boolean): Array<Record<string, unknown>> {
  const prefix = plan.values.taskConfig?.prefix ?? DEFAULT_PREFIX;
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
