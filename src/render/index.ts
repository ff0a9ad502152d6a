// Stage 4: plan -> plain Kubernetes objects, one module per kind, in a stable order.
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { dashboardConfigMap } from './dashboard.js';
import { deployment } from './deployment.js';
import { hpa } from './hpa.js';
import { pdb } from './pdb.js';
import { podMonitor } from './podmonitor.js';
import { prometheusRule } from './prometheusrule.js';
import { scaledObject } from './scaledobject.js';
import { serviceAccount } from './serviceaccount.js';
import { triggerAuthentication } from './triggerauth.js';

/** A rendered object and the file name it gets with --out. */
export interface Rendered {
  file: string;
  object: Record<string, unknown>;
}

type Obj = Record<string, unknown> | undefined;
type Kind = { suffix: string } & ({ perWorker: (plan: Plan, w: ResolvedWorker) => Obj } | { perRelease: (plan: Plan) => Obj });

/**
 * Helm's install order (`helm template` prints the same sequence, and `kubectl apply` creates
 * what a kind needs before it): PodDisruptionBudget, ServiceAccount, ConfigMap, Deployment,
 * HorizontalPodAutoscaler, then the kinds Helm does not know, by kind name.
 */
const KINDS: readonly Kind[] = [
  { suffix: 'pdb', perWorker: pdb },
  { suffix: 'serviceaccount', perRelease: serviceAccount },
  { suffix: 'dashboard', perRelease: dashboardConfigMap },
  { suffix: 'deployment', perWorker: deployment },
  { suffix: 'hpa', perWorker: hpa },
  { suffix: 'podmonitor', perRelease: podMonitor },
  { suffix: 'prometheusrule', perRelease: prometheusRule },
  { suffix: 'scaledobject', perWorker: scaledObject },
  { suffix: 'triggerauthentication', perRelease: triggerAuthentication },
];

/** Every object: kinds in KINDS order, then workers by name. */
export function render(plan: Plan): Rendered[] {
  const out: Rendered[] = [];
  for (const kind of KINDS) {
    if ('perRelease' in kind) {
      const object = kind.perRelease(plan);
      if (object) out.push({ file: `${plan.fullname}-${kind.suffix}.yaml`, object });
      continue;
    }
    for (const w of plan.workers) {
      const object = kind.perWorker(plan, w);
      if (object) out.push({ file: `${w.objectName}-${kind.suffix}.yaml`, object });
    }
  }
  return out;
}
