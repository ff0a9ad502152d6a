// apps/v1 Deployment for one worker. With autoscaling on, the HPA owns scale: no replicas here.
import { DEFAULT_GRACE_SECONDS, DEFAULT_REPLICAS } from '../contract/defaults.js';
import type { Plan, ResolvedWorker } from '../config/model.js';
import { container, omitEmpty } from './container.js';
import { objectLabels, podLabels, selectorLabels } from './labels.js';

/** The worker's Deployment as a plain object. */
export function deployment(plan: Plan, w: ResolvedWorker): Record<string, unknown> {
  const s = w.spec;
  const scaled = s.autoscaling?.enabled === true;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(plan, w),
    spec: {
      ...(scaled ? {} : { replicas: s.replicas ?? DEFAULT_REPLICAS }),
      selector: { matchLabels: selectorLabels(plan, w) },
      template: {
        metadata: omitEmpty({ labels: podLabels(plan, w), annotations: s.podAnnotations }),
        spec: omitEmpty({
          imagePullSecrets: plan.values.imagePullSecrets,
          priorityClassName: s.priorityClassName,
          securityContext: s.podSecurityContext,
          terminationGracePeriodSeconds: s.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
          containers: [container(plan, w)],
          nodeSelector: s.nodeSelector,
          affinity: s.affinity,
          tolerations: s.tolerations,
          topologySpreadConstraints: s.topologySpreadConstraints,
        }),
      },
    },
  };
}

/** name, namespace (when given) and labels. */
export function metadata(plan: Plan, w: ResolvedWorker): Record<string, unknown> {
  return {
    name: w.objectName,
    ...(plan.namespace ? { namespace: plan.namespace } : {}),
    labels: objectLabels(plan, w),
  };
}
