// Stage 4: plan -> plain Kubernetes objects, one module per kind, in a stable order.
import type { Plan } from '../config/model.js';
import { deployment } from './deployment.js';
import { hpa } from './hpa.js';

/** A rendered object and the file name it gets with --out. */
export interface Rendered {
  file: string;
  object: Record<string, unknown>;
}

const KINDS = [
  { suffix: 'deployment', build: deployment },
  { suffix: 'hpa', build: hpa },
] as const;

/**
 * Every object of every enabled worker: kinds in KINDS order, which is Helm's install order
 * (`helm template` prints the same sequence, and `kubectl apply` creates Deployments before
 * the HPAs that target them), then workers by name.
 */
export function render(plan: Plan): Rendered[] {
  const out: Rendered[] = [];
  for (const kind of KINDS) {
    for (const w of plan.workers) {
      const object = kind.build(plan, w);
      if (object) out.push({ file: `${w.objectName}-${kind.suffix}.yaml`, object });
    }
  }
  return out;
}
