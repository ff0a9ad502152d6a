// Stage 4: plan -> plain Kubernetes objects, one module per kind, in a stable order.
import type { Plan } from '../config/model.js';
import { deployment } from './deployment.js';
import { hpa } from './hpa.js';

/** A rendered object and the file name it gets with --out. */
export interface Rendered { file: string; object: Record<string, unknown> }

const KINDS = [
  { suffix: 'deployment', build: deployment },
  { suffix: 'hpa', build: hpa },
] as const;

/** Every object for every enabled worker: workers by name, then kinds in KINDS order. */
export function render(plan: Plan): Rendered[] {
  const out: Rendered[] = [];
  for (const w of plan.workers) {
    for (const kind of KINDS) {
      const object = kind.build(plan, w);
      if (object) out.push({ file: `${w.objectName}-${kind.suffix}.yaml`, object });
    }
  }
  return out;
}
