// policy/v1 PodDisruptionBudget per worker that can have a pod: the Deployment's own selector (so
// budgets never overlap), one pod at a time by default, and unready pods evictable regardless, so a
// Redis outage (every worker unready) never blocks a node drain.
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { metadata } from './deployment.js';
import { selectorLabels } from './labels.js';

/** The worker's budget, or undefined when it is off or the worker never has a pod. */
export function pdb(plan: Plan, w: ResolvedWorker): Record<string, unknown> | undefined {
  const p = w.settings.pdb;
  if (!p) return undefined;
  const bound = p.minAvailable !== undefined ? { minAvailable: p.minAvailable } : { maxUnavailable: p.maxUnavailable };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(plan, w),
    spec: {
      ...bound,
      selector: { matchLabels: selectorLabels(plan, w) },
      unhealthyPodEvictionPolicy: p.unhealthyPodEvictionPolicy,
    },
  };
}
