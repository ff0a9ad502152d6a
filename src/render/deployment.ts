// apps/v1 Deployment for one worker. With autoscaling on, the HPA (or KEDA) owns scale: no replicas here.
import { HOST_NETWORK, TMP_DIR } from '../contract/defaults.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { redisVolumes } from '../plan/redis-topology.js';
import { container, needsTmpDir, omitEmpty } from './container.js';
import { objectLabels, podLabels, selectorLabels } from './labels.js';
import { affinity, spreadConstraints } from './selectors.js';
import { serviceAccountName } from './serviceaccount.js';

/** The worker's Deployment as a plain object. */
export function deployment(plan: Plan, w: ResolvedWorker): Record<string, unknown> {
  const s = w.spec;
  const scaled = w.settings.autoscaling !== undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(plan, w),
    spec: {
      ...(scaled ? {} : { replicas: w.settings.replicas }),
      ...(s.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: s.revisionHistoryLimit } : {}),
      ...strategy(s),
      selector: { matchLabels: selectorLabels(plan, w) },
      template: {
        metadata: omitEmpty({ labels: podLabels(plan, w), annotations: s.podAnnotations }),
        spec: podSpec(plan, w),
      },
    },
  };
}

// The values' strategy ({} leaves Kubernetes' default); none with hostNetwork: one pod at a time.
function strategy(s: ResolvedWorker['spec']): Record<string, unknown> {
  if (s.strategy === undefined && s.hostNetwork === true) return { strategy: HOST_NETWORK.strategy };
  return s.strategy && Object.keys(s.strategy).length ? { strategy: s.strategy } : {};
}

function podSpec(plan: Plan, w: ResolvedWorker): Record<string, unknown> {
  const s = w.spec;
  const selector = selectorLabels(plan, w);
  const tmp = needsTmpDir(w)
    ? [
        {
          name: TMP_DIR.volume,
          emptyDir: { sizeLimit: w.settings.tmpSizeLimit, ...(s.tmpDir?.medium ? { medium: s.tmpDir.medium } : {}) },
        },
      ]
    : [];
  return omitEmpty({
    serviceAccountName: serviceAccountName(plan),
    automountServiceAccountToken: s.automountServiceAccountToken,
    // Only `true`: the API server stores no `hostNetwork: false`, so rendering it would differ from the live object.
    hostNetwork: s.hostNetwork === true ? true : undefined,
    dnsPolicy: s.hostNetwork === true ? HOST_NETWORK.dnsPolicy : undefined,
    imagePullSecrets: plan.values.imagePullSecrets,
    priorityClassName: s.priorityClassName,
    securityContext: s.podSecurityContext,
    terminationGracePeriodSeconds: w.settings.grace,
    containers: [container(plan, w)],
    volumes: [...(s.volumes ?? []), ...tmp, ...redisVolumes(plan.values)],
    nodeSelector: s.nodeSelector,
    affinity: affinity(s.affinity, selector),
    tolerations: s.tolerations,
    topologySpreadConstraints: spreadConstraints(s.topologySpreadConstraints, selector),
  });
}

/** name, namespace (when given) and labels. */
export function metadata(plan: Plan, w: ResolvedWorker): Record<string, unknown> {
  return {
    name: w.objectName,
    ...(plan.namespace ? { namespace: plan.namespace } : {}),
    labels: objectLabels(plan, w),
  };
}
