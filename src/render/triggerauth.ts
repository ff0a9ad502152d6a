// keda.sh/v1alpha1 TriggerAuthentication, one per release: KEDA reads the Redis address and
// credentials from the Secret named in taskConfig.redis.secret (it cannot read a redis:// URL), and
// the CA and client certificate from taskConfig.redis.caSecret and clientCertSecret.
import { KEDA } from '../contract/defaults.js';
import { isKeda, kedaRedis } from '../plan/autoscaling.js';
import type { Plan } from '../plan/model.js';
import { releaseLabels } from './labels.js';

/** `<fullname>-redis` (the contract's suffix). */
export const triggerAuthName = (plan: Plan): string => `${plan.fullname}${KEDA.triggerAuthSuffix}`;

/** The TriggerAuthentication, when a KEDA worker exists and a Secret (credentials or TLS) is named. */
export function triggerAuthentication(plan: Plan): Record<string, unknown> | undefined {
  const redis = kedaRedis(plan.values);
  if (!redis.auth || !plan.workers.some(isKeda)) return undefined;
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: triggerAuthName(plan), ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: releaseLabels(plan) },
    spec: { secretTargetRef: redis.auth.map((p) => ({ parameter: p.parameter, name: p.name, key: p.key })) },
  };
}
