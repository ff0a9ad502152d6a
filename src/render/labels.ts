// Labels. Selector labels are a small immutable subset plus the worker's own label, so two
// workers' Deployments never select each other's pods. Keys live in src/contract/labels.ts.
import { COMPONENT, MANAGED_BY, PROFILE_LABEL, STANDARD, versionLabel, WORKER_LABEL } from '../contract/labels.js';
import { sortKeys } from '../contract/shapes.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';

/** The Deployment selector: never changes for the life of a worker. */
export const selectorLabels = (plan: Plan, w: ResolvedWorker): Record<string, string> => ({
  [STANDARD.instance]: plan.release,
  [STANDARD.name]: plan.chartName,
  [WORKER_LABEL]: w.name,
});

/**
 * Labels on every object of a worker: commonLabels, then the standard ones (which win). The
 * version is the worker's image tag (as a label value can hold it), so it changes exactly when the pods change anyway; nothing
 * that names the chart or tb-gen version goes on a pod, so an upgrade of either restarts nothing.
 */
export function objectLabels(plan: Plan, w: ResolvedWorker): Record<string, string> {
  return sortKeys({
    ...(plan.values.commonLabels ?? {}),
    ...selectorLabels(plan, w),
    [STANDARD.component]: COMPONENT,
    [STANDARD.managedBy]: MANAGED_BY,
    [STANDARD.version]: versionLabel(w.settings.image.tag),
    ...(w.profile !== undefined ? { [PROFILE_LABEL]: w.profile } : {}),
  });
}

/** Labels of the objects that serve the whole release (ServiceAccount, TriggerAuthentication, PodMonitor). */
export function releaseLabels(plan: Plan): Record<string, string> {
  return sortKeys({
    ...(plan.values.commonLabels ?? {}),
    [STANDARD.instance]: plan.release,
    [STANDARD.name]: plan.chartName,
    [STANDARD.component]: COMPONENT,
    [STANDARD.managedBy]: MANAGED_BY,
    [STANDARD.version]: versionLabel(plan.settings.imageTag),
  });
}

/** Selects every worker pod of the release. */
export const releaseSelector = (plan: Plan): Record<string, string> =>
  sortKeys({ [STANDARD.instance]: plan.release, [STANDARD.name]: plan.chartName, [STANDARD.component]: COMPONENT });

/** Pod labels: podLabels may add but never replace the object and selector labels. */
export const podLabels = (plan: Plan, w: ResolvedWorker): Record<string, string> =>
  sortKeys({ ...(w.spec.podLabels ?? {}), ...objectLabels(plan, w) });
