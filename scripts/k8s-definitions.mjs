// Generates schemas/k8s-definitions.json: the Kubernetes definitions the values schema refers to
// for the fields that pass straight into a pod (tolerations, affinity, env, securityContext,
// volumes, ...), extracted from the OpenAPI document of the Kubernetes version the test cluster
// runs (api/openapi-spec/swagger.json of the pinned k8s.io/kubernetes module) and made strict:
// closed objects, no descriptions (Helm stores the schema in every release Secret), integer bounds
// from their formats, and the enums Kubernetes validates but does not publish (ENUMS; each value
// proven accepted, and a wrong one refused, by test/cluster/k8s-enums.test.ts).
// The roots are the ones src/values/shape/k8s.ts names.
// Run: node scripts/k8s-definitions.mjs (then make schema); a test fails when stale.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(ROOT, 'schemas/k8s-definitions.json');

/** Enums the API server enforces (its validation code) though the OpenAPI document leaves them out. */
export const ENUMS = {
  'io.k8s.api.core.v1.Toleration': { operator: ['Exists', 'Equal', ''], effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute', ''] },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'],
    nodeAffinityPolicy: ['Honor', 'Ignore'],
    nodeTaintsPolicy: ['Honor', 'Ignore'],
  },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  'io.k8s.api.core.v1.SeccompProfile': { type: ['RuntimeDefault', 'Localhost', 'Unconfined'] },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['RollingUpdate', 'Recreate'] },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { selectPolicy: ['Max', 'Min', 'Disabled'] },
  'io.k8s.api.autoscaling.v2.HPAScalingPolicy': { type: ['Pods', 'Percent'] },
};

// Definitions replaced by what the API server accepts for them (a quantity is also a number).
const special = (quantity) => ({
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], pattern: quantity },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
});
const BOUNDS = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

/** The swagger.json of the k8s.io/kubernetes version tools/kube/go.mod pins, from the Go module cache. */
export function swagger() {
  const version = /k8s\.io\/kubernetes (v[\d.]+)/.exec(readFileSync(join(ROOT, 'tools/kube/go.mod'), 'utf8'))?.[1];
  if (!version) throw new Error('tools/kube/go.mod pins no k8s.io/kubernetes version');
  const tmp = mkdtempSync(join(tmpdir(), 'k8s-defs-'));
  try {
    execFileSync('go', ['mod', 'init', 'k8sdefs'], { cwd: tmp, stdio: 'ignore' });
    const info = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], {
        cwd: tmp,
        encoding: 'utf8',
        env: { ...process.env, GOFLAGS: '-mod=mod' },
      }),
    );
    return JSON.parse(readFileSync(join(info.Dir, 'api/openapi-spec/swagger.json'), 'utf8'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// A definition made strict: refs kept, descriptions and extensions dropped, objects closed.
function strict(node, name) {
  if (Array.isArray(node)) return node.map((x) => strict(x));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k.startsWith('x-kubernetes-') || k === 'format') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strict(s)])) : strict(v);
  }
  if (node.format && BOUNDS[node.format]) [out.minimum, out.maximum] = BOUNDS[node.format];
  if (node.properties && node.additionalProperties === undefined) out.additionalProperties = false;
  for (const [prop, values] of Object.entries(ENUMS[name] ?? {})) out.properties[prop] = { ...out.properties[prop], enum: values };
  return out;
}

/**
 * Every definition reachable from the roots the values shape names, strict, by name. `shape` is
 * src/values/shape/k8s.ts (K8S_ROOTS and QUANTITY), loaded from its source by the caller.
 */
export function definitions(shape, doc = swagger()) {
  const all = doc.definitions;
  const SPECIAL = special(shape.QUANTITY);
  const out = {};
  const visit = (name) => {
    if (out[name]) return;
    if (SPECIAL[name]) return void (out[name] = SPECIAL[name]);
    if (!all[name]) throw new Error(`swagger.json has no definition ${name}`);
    out[name] = strict(all[name], name);
    JSON.stringify(all[name], (k, v) => (k === '$ref' ? (visit(v.split('/').pop()), v) : v));
  };
  Object.values(shape.K8S_ROOTS).forEach(visit);
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

/** The file's text. */
export const definitionsText = (shape, doc) => JSON.stringify(definitions(shape, doc), null, 2) + '\n';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { loadTs } = await import('./load-ts.mjs');
  writeFileSync(OUT, definitionsText(await loadTs('src/values/shape/k8s.ts')));
}
