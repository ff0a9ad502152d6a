// Labels. Selector labels are a small immutable subset plus the worker's own label, so two
// workers' Deployments never select each other's pods. Keys live in src/contract/labels.ts.
import { COMPONENT, MANAGED_BY, PROFILE_LABEL, STANDARD, WORKER_LABEL } from '../contract/labels.js';
import { sortKeys } from '../config/merge.js';
import type { Plan, ResolvedWorker } from '../config/model.js';

/** The Deployment selector: never changes for the life of a worker. */
export const selectorLabels = (plan: Plan, w: ResolvedWorker): Record<string, string> => ({
  [STANDARD.instance]: plan.release,
  [STANDARD.name]: plan.chartName,
  [WORKER_LABEL]: w.name,
});

/** Labels on every object of a worker: commonLabels, then the standard ones (which win). */
export function objectLabels(plan: Plan, w: ResolvedWorker): Record<string, string> {
  return sortKeys({
    ...(plan.values.commonLabels ?? {}),
    ...selectorLabels(plan, w),
    [STANDARD.component]: COMPONENT,
    [STANDARD.managedBy]: MANAGED_BY,
    [STANDARD.version]: plan.chart.appVersion,
    ...(w.profile !== undefined ? { [PROFILE_LABEL]: w.profile } : {}),
  });
}

/** Pod labels: podLabels may add but never replace the object and selector labels. */
export const podLabels = (plan: Plan, w: ResolvedWorker): Record<string, string> =>
  sortKeys({ ...(w.spec.podLabels ?? {}), ...objectLabels(plan, w) });
