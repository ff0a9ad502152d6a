// Labels. Selector labels are a small immutable subset plus the worker's own label, so two
// workers' Deployments never select each other's pods.
import { sortKeys } from '../config/merge.js';
import type { Plan, ResolvedWorker } from '../config/model.js';

export const WORKER_LABEL = 'task-backend.io/worker';
export const PROFILE_LABEL = 'task-backend.io/profile';
export const MANAGED_BY = 'tb-gen';

/**
 * Labels only one renderer can know, the whole list of differences between `tb-gen render` and
 * `helm template`: Helm adds `helm.sh/chart`, and each names itself in `managed-by`.
 */
export const RENDERER_LABELS: readonly string[] = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];

/** The Deployment selector: never changes for the life of a worker. */
export const selectorLabels = (plan: Plan, w: ResolvedWorker): Record<string, string> => ({
  'app.kubernetes.io/instance': plan.release,
  'app.kubernetes.io/name': plan.chartName,
  [WORKER_LABEL]: w.name,
});

/** Labels on every object of a worker: commonLabels, then the standard ones (which win). */
export function objectLabels(plan: Plan, w: ResolvedWorker): Record<string, string> {
  return sortKeys({
    ...(plan.values.commonLabels ?? {}),
    ...selectorLabels(plan, w),
    'app.kubernetes.io/component': 'worker',
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/version': plan.chart.appVersion,
    ...(w.profile !== undefined ? { [PROFILE_LABEL]: w.profile } : {}),
  });
}

/** Pod labels: podLabels may add but never replace the object and selector labels. */
export const podLabels = (plan: Plan, w: ResolvedWorker): Record<string, string> =>
  sortKeys({ ...(w.spec.podLabels ?? {}), ...objectLabels(plan, w) });

