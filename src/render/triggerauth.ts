// keda.sh/v1alpha1 TriggerAuthentication, one per release. On Redis: KEDA reads the address and
// credentials from the Secret named in taskConfig.redis.secret (it cannot read a redis:// URL), and
// the CA and client certificate from taskConfig.redis.caSecret and clientCertSecret. On RabbitMQ:
// KEDA's `host` from brokerSecret (amqp) or taskConfig.rabbitmq.managementSecret (http), so no
// password is written into a ScaledObject.
import { KEDA } from '../contract/defaults.js';
import { isKeda, kedaRabbit, kedaRedis, onRabbitBroker } from '../plan/autoscaling.js';
import type { Plan } from '../plan/model.js';
import { releaseLabels } from './labels.js';

/** `<fullname>-redis`, or `<fullname>-rabbitmq` on a RabbitMQ broker (the contract's suffixes). */
export const triggerAuthName = (plan: Plan): string =>
  `${plan.fullname}${onRabbitBroker(plan.values) ? KEDA.rabbitmq.triggerAuthSuffix : KEDA.triggerAuthSuffix}`;

/** The TriggerAuthentication, when a KEDA worker exists and a Secret (credentials, TLS or a URL) is named. */
export function triggerAuthentication(plan: Plan): Record<string, unknown> | undefined {
  const auth = onRabbitBroker(plan.values) ? kedaRabbit(plan.values).auth : kedaRedis(plan.values).auth;
  if (!auth || !plan.workers.some(isKeda)) return undefined;
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: triggerAuthName(plan), ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: releaseLabels(plan) },
    spec: { secretTargetRef: auth.map((p) => ({ parameter: p.parameter, name: p.name, key: p.key })) },
  };
}
