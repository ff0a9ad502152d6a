// The enums scripts/k8s-definitions.mjs adds to Kubernetes' definitions (the OpenAPI document
// leaves them out; the API server's validation enforces them): every value is accepted by the
// real API server, and a value outside the list is refused, so the values schema is exactly as
// strict as Kubernetes.
import { describe, it } from 'vitest';
// @ts-expect-error - a plain .mjs script without type declarations
import { ENUMS } from '../../scripts/k8s-definitions.mjs';
import { kubectl, type Obj } from './kube.js';

const pod = (spec: Obj): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'probe', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'x' }], ...spec },
});
const withContainerSc = (sc: Obj): Obj => pod({ containers: [{ name: 'c', image: 'x', securityContext: sc }] });
const term = (expr: Obj) => ({ nodeSelectorTerms: [{ matchExpressions: [expr] }] });
const values = (op: string) => (op === 'In' || op === 'NotIn' ? ['a'] : op === 'Gt' || op === 'Lt' ? ['3'] : undefined);
const deployment = (strategy: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'probe', namespace: 'default' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    strategy,
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
  },
});
const hpa = (scaleDown: Obj): Obj => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'probe', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }, maxReplicas: 2, behavior: { scaleDown } },
});

/** An object that carries value `v` at the enum's field, valid in every other respect. */
const PROBES: Record<string, Record<string, (v: string) => Obj>> = {
  'io.k8s.api.core.v1.Toleration': {
    operator: (v) => pod({ tolerations: [{ key: 'k', operator: v, ...(v === 'Exists' ? {} : { value: 'x' }) }] }),
    effect: (v) => pod({ tolerations: [{ key: 'k', operator: 'Equal', value: 'x', effect: v }] }),
  },
  'io.k8s.api.core.v1.TopologySpreadConstraint': Object.fromEntries(
    ['whenUnsatisfiable', 'nodeAffinityPolicy', 'nodeTaintsPolicy'].map((f) => [
      f,
      (v: string) =>
        pod({
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {}, [f]: v }],
        }),
    ]),
  ),
  'io.k8s.api.core.v1.NodeSelectorRequirement': {
    operator: (v) =>
      pod({
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: term({ key: 'k', operator: v, values: values(v) }) } },
      }),
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': {
    operator: (v) =>
      pod({
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchExpressions: [{ key: 'k', operator: v, values: values(v) }] },
          },
        ],
      }),
  },
  'io.k8s.api.core.v1.SeccompProfile': {
    type: (v) => withContainerSc({ seccompProfile: { type: v, ...(v === 'Localhost' ? { localhostProfile: 'p.json' } : {}) } }),
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: (v) => deployment({ type: v }) },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': {
    selectPolicy: (v) => hpa({ selectPolicy: v, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }),
  },
  'io.k8s.api.autoscaling.v2.HPAScalingPolicy': { type: (v) => hpa({ policies: [{ type: v, value: 1, periodSeconds: 60 }] }) },
};

const dryRun = (o: Obj) => kubectl(['apply', '--server-side', '--validate=strict', '--dry-run=server', '-f', '-'], JSON.stringify(o));
const rows = Object.entries(ENUMS as Record<string, Record<string, string[]>>).flatMap(([def, props]) =>
  Object.entries(props).map(([prop, list]) => [`${def.split('.').pop()}.${prop}`, def, prop, list] as const),
);

describe.concurrent.each(rows)('%s', (_name, def, prop, list) => {
  it('has a probe here', ({ expect }) => expect(PROBES[def]?.[prop], `add a probe for ${def} ${prop}`).toBeTypeOf('function'));
  it.for(list)('accepts %j', async (value, { expect }) => {
    const r = await dryRun((PROBES[def]?.[prop] as (v: string) => Obj)(value));
    expect(r.code, r.stderr).toBe(0);
  });
  it('refuses a value outside the list', async ({ expect }) => {
    const r = await dryRun((PROBES[def]?.[prop] as (v: string) => Obj)('Bogus'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Unsupported value|Invalid value|must be/);
  });
});
