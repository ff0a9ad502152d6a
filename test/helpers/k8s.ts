// Rendered objects against Kubernetes' own schemas (kubernetes-models, Kubernetes 1.33), plus
// the check kubernetes-models leaves out: no field the schema does not define. Custom resources
// (KEDA, Prometheus Operator) against their own CRDs (test/helpers/crd.ts).
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { CRD_FILES, crdProblems } from './crd.js';

type Obj = Record<string, unknown>;
const MODELS: Record<string, { prototype: { validate(): void } }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/ServiceAccount': ServiceAccount,
};

/**
 * Problems with one object: schema errors and unknown fields, as JSON pointers; [] when valid.
 *
 * kubernetes-models validates with precompiled ajv code that reads each property its schema
 * defines (`data.replicas`) and iterates only free-form maps (labels, resource lists). Running it
 * on a Proxy that records those reads tells which fields the schema knows: an own key of a
 * non-map object that the validator never read is a field Kubernetes would reject.
 */
export function k8sProblems(object: Obj): string[] {
  if (CRD_FILES[`${String(object.apiVersion)}/${String(object.kind)}`]) return crdProblems(object).map((p) => `crd: ${p}`);
  const model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`];
  if (!model) return [`no model for ${String(object.apiVersion)} ${String(object.kind)}`];
  const problems: string[] = [];
  try {
    new (model as unknown as new (o: Obj) => { validate(): void })(structuredClone(object)).validate();
  } catch (e) {
    problems.push(`schema: ${(e as Error).message}`);
  }
  const { proxy, read, iterated } = track(object);
  try {
    model.prototype.validate.call(proxy);
  } catch {
    // already reported above, from the plain copy
  }
  problems.push(...unknownFields(object, read, iterated).map((p) => `unknown field: ${p}`));
  return problems;
}

function track(root: Obj) {
  const read = new WeakMap<object, Set<string>>();
  const iterated = new WeakSet<object>();
  const proxies = new WeakMap<object, object>();
  const wrap = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const known = proxies.get(v);
    if (known) return known;
    read.set(v, new Set());
    const p = new Proxy(v, {
      get(t, k, r) {
        if (typeof k === 'string') read.get(t)!.add(k);
        return wrap(Reflect.get(t, k, r));
      },
      has(t, k) {
        if (typeof k === 'string') read.get(t)!.add(k);
        return Reflect.has(t, k);
      },
      ownKeys(t) {
        iterated.add(t);
        return Reflect.ownKeys(t);
      },
    });
    proxies.set(v, p);
    return p;
  };
  return { proxy: wrap(root), read, iterated };
}

function unknownFields(node: unknown, read: WeakMap<object, Set<string>>, iterated: WeakSet<object>, path = ''): string[] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((x, i) => unknownFields(x, read, iterated, `${path}/${i}`));
  return Object.entries(node).flatMap(([k, v]) => [
    ...(!iterated.has(node) && !read.get(node)?.has(k) ? [`${path}/${k}`] : []),
    ...unknownFields(v, read, iterated, `${path}/${k}`),
  ]);
}
