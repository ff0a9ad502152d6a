// Topology spread constraints and pod (anti-)affinity terms without a labelSelector match no pod
// (the API server warns "a null labelSelector results in matching no pod"), so they would spread
// nothing. Such a term gets the worker's own selector labels: spreading or separating its own pods
// is what a worker's entry almost always means. A term with a selector is left as written.
import { sortKeys } from '../contract/shapes.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const withSelector = (term: unknown, selector: Obj): unknown =>
  isObj(term) && term.labelSelector === undefined ? sortKeys({ ...term, labelSelector: { matchLabels: selector } }) : term;

/** Spread constraints, each given the worker's selector when it has none. */
export function spreadConstraints(list: readonly unknown[] | undefined, selector: Record<string, string>): unknown[] | undefined {
  return list?.map((c) => withSelector(c, selector));
}

/** Affinity with every podAffinity/podAntiAffinity term given the worker's selector when it has none. */
export function affinity(a: Obj | undefined, selector: Record<string, string>): Obj | undefined {
  if (!a) return a;
  const out: Obj = { ...a };
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const k = a[kind];
    if (!isObj(k)) continue;
    const required = k.requiredDuringSchedulingIgnoredDuringExecution;
    const preferred = k.preferredDuringSchedulingIgnoredDuringExecution;
    out[kind] = {
      ...k,
      ...(Array.isArray(required)
        ? { requiredDuringSchedulingIgnoredDuringExecution: (required as unknown[]).map((t) => withSelector(t, selector)) }
        : {}),
      ...(Array.isArray(preferred)
        ? {
            preferredDuringSchedulingIgnoredDuringExecution: (preferred as unknown[]).map((p) =>
              isObj(p) ? { ...p, podAffinityTerm: withSelector(p.podAffinityTerm, selector) } : p,
            ),
          }
        : {}),
    };
  }
  return out;
}
