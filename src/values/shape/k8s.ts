// The values keys that pass straight into a pod (tolerations, affinity, env, volumes, ...) are
// checked against Kubernetes' own definitions, which scripts/k8s-definitions.mjs extracts from the
// pinned OpenAPI document into schemas/k8s-definitions.json; this module names the ones referred to.
import { raw, type Shape } from './build.js';

/** The definitions the values schema names; scripts/k8s-definitions.mjs brings along what they refer to. */
export const K8S_ROOTS = {
  toleration: 'io.k8s.api.core.v1.Toleration',
  affinity: 'io.k8s.api.core.v1.Affinity',
  topologySpreadConstraint: 'io.k8s.api.core.v1.TopologySpreadConstraint',
  envVar: 'io.k8s.api.core.v1.EnvVar',
  envFromSource: 'io.k8s.api.core.v1.EnvFromSource',
  securityContext: 'io.k8s.api.core.v1.SecurityContext',
  podSecurityContext: 'io.k8s.api.core.v1.PodSecurityContext',
  volume: 'io.k8s.api.core.v1.Volume',
  volumeMount: 'io.k8s.api.core.v1.VolumeMount',
  deploymentStrategy: 'io.k8s.api.apps.v1.DeploymentStrategy',
  hpaBehavior: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior',
} as const;

/** A Kubernetes resource quantity (500m, 2, 512Mi, 1e3), as the API server parses one. */
export const QUANTITY = '^(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+|[KMGTPE]i|[numkMGTPE])?$';

type Root = keyof typeof K8S_ROOTS;
/** A Kubernetes object as the values give it: checked by the schema, passed on untouched. */
export type K8sObject = Record<string, unknown>;

const refTo = (root: Root) => ({ $ref: `#/definitions/${K8S_ROOTS[root]}` });
const checked = (root: Root, description: string) => `${description} Checked against Kubernetes' ${K8S_ROOTS[root].split('.').pop()}.`;

/** One Kubernetes object (a strategy, an affinity, a securityContext). */
export const k8s = (root: Root, description: string): Shape<K8sObject> =>
  raw({ description: checked(root, description), allOf: [refTo(root)] });

/** A list of Kubernetes objects (tolerations, env, volumes). */
export const k8sList = (root: Root, description: string): Shape<K8sObject[]> =>
  raw({ type: 'array', description: checked(root, description), items: refTo(root) });
