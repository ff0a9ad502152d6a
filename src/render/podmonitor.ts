// One Prometheus Operator PodMonitor per release. One, not one per worker: every series the worker
// exports already carries its `worker` and `profile` labels, so per-worker monitors would only
// multiply scrape configs; the selector takes every worker pod of the release.
import { HEALTH_PORT_NAME, METRICS_PATH } from '../contract/defaults.js';
import type { Plan } from '../plan/model.js';
import { anyRunsOurWorker } from './container.js';
import { releaseLabels, releaseSelector } from './labels.js';
import { sortKeys } from '../contract/shapes.js';

/** The PodMonitor, when podMonitor.enabled and the workers run task-backend-worker (which serves /metrics). */
export function podMonitor(plan: Plan): Record<string, unknown> | undefined {
  const pm = plan.values.podMonitor ?? {};
  if (!pm.enabled || !anyRunsOurWorker(plan)) return undefined;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: {
      name: plan.fullname,
      ...(plan.namespace ? { namespace: plan.namespace } : {}),
      labels: sortKeys({ ...(pm.labels ?? {}), ...releaseLabels(plan) }),
    },
    spec: {
      selector: { matchLabels: releaseSelector(plan) },
      podMetricsEndpoints: [{ port: HEALTH_PORT_NAME, path: METRICS_PATH, interval: plan.settings.podMonitorInterval }],
    },
  };
}
