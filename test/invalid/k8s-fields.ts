// Mistakes inside the fields that pass straight into the pod, which the values schema checks
// against Kubernetes' own definitions, and in a worker's env. Each row names the worker key that
// holds the mistake (`k8s`): test/cluster/k8s-fields.test.ts places that value where tb-gen would
// put it in the Deployment and proves the API server refuses it too.
import { E, type Row } from '../helpers/expect-diagnostics.js';

/** A row whose mistake sits at workers.<worker>.<key>. */
export type K8sRow = Row & { k8s: { worker: string; key: string } };

const k8s = (key: string) => ({ worker: 'a', key });

/** Rows for the Kubernetes-typed fields. */
export const K8S_FIELD_ROWS: K8sRow[] = [
  {
    kind: 'a misspelled toleration field (silently dropped before the schema knew it)',
    k8s: k8s('tolerations'),
    values: `
      workers:
        a:
          tasks: [t]
          tolerations: [{ key: dedicated, »operater: Equal, value: ml }]`,
    want: [E('UNKNOWN_KEY', /did you mean `operator`\?/)],
  },
  {
    kind: 'a toleration effect Kubernetes does not have',
    k8s: k8s('tolerations'),
    values: `
      workers:
        a:
          tasks: [t]
          tolerations: [{ key: gpu, operator: Exists, effect: »NoSchedul }]`,
    want: [E('INVALID_ENUM', /did you mean `NoSchedule`\?/)],
  },
  {
    kind: 'a misspelled affinity kind',
    k8s: k8s('affinity'),
    values: `
      workers:
        a:
          tasks: [t]
          affinity:
            »nodeAfinity: {}`,
    want: [E('UNKNOWN_KEY', /did you mean `nodeAffinity`\?/)],
  },
  {
    kind: 'a node selector operator Kubernetes does not have',
    k8s: k8s('affinity'),
    values: `
      workers:
        a:
          tasks: [t]
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms: [{ matchExpressions: [{ key: gpu, operator: »in, values: [a100] }] }]`,
    want: [E('INVALID_ENUM', /did you mean `In`\?/)],
  },
  {
    kind: 'a spread constraint with an unknown whenUnsatisfiable',
    k8s: k8s('topologySpreadConstraints'),
    values: `
      workers:
        a:
          tasks: [t]
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: »Schedule }]`,
    want: [E('INVALID_ENUM')],
  },
  {
    kind: 'a container runAsUser given as a string',
    k8s: k8s('securityContext'),
    values: `
      workers:
        a:
          tasks: [t]
          securityContext: { runAsUser: »"1000" }`,
    want: [E('WRONG_TYPE')],
  },
  {
    kind: 'a misspelled seccomp profile type',
    k8s: k8s('podSecurityContext'),
    values: `
      workers:
        a:
          tasks: [t]
          podSecurityContext: { seccompProfile: { type: »RuntimeDefualt } }`,
    want: [E('INVALID_ENUM', /did you mean `RuntimeDefault`\?/)],
  },
  {
    kind: 'a misspelled field of a configMap volume',
    k8s: k8s('volumes'),
    values: `
      workers:
        a:
          tasks: [t]
          volumes: [{ name: cfg, configMap: { »nme: settings } }]`,
    want: [E('UNKNOWN_KEY', /did you mean `name`\?/)],
  },
  {
    kind: 'a volume mount without its mountPath',
    k8s: k8s('volumeMounts'),
    values: `
      workers:
        a:
          tasks: [t]
          volumes: [{ name: cfg, configMap: { name: settings } }]
          volumeMounts: [»{ name: cfg }]`,
    want: [E('MISSING_KEY')],
  },
  {
    kind: 'a misspelled envFrom source',
    k8s: k8s('envFrom'),
    values: `
      workers:
        a:
          tasks: [t]
          envFrom: [{ »secretRf: { name: s } }]`,
    want: [E('UNKNOWN_KEY', /did you mean `secretRef`\?/)],
  },
  {
    kind: 'an update strategy Kubernetes does not have',
    k8s: k8s('strategy'),
    values: `
      workers:
        a:
          tasks: [t]
          strategy: { type: »Rolling }`,
    want: [E('INVALID_ENUM')],
  },
  {
    kind: 'a misspelled HPA behavior field',
    k8s: k8s('autoscaling'),
    values: `
      workers:
        a:
          tasks: [t]
          resources: { requests: { cpu: 1 } }
          autoscaling:
            enabled: true
            maxReplicas: 3
            behavior: { scaleDown: { »stabilizationWindowSecond: 60 } }`,
    want: [E('UNKNOWN_KEY', /did you mean `stabilizationWindowSeconds`\?/)],
  },
  {
    kind: 'an env secret reference without its key',
    k8s: k8s('env'),
    values: `
      workers:
        a:
          tasks: [t]
          env: [{ name: TOKEN, valueFrom: { »secretKeyRef: { name: s } } }]`,
    want: [E('MISSING_KEY')],
  },
  {
    kind: 'an extended resource that is not a quantity',
    k8s: k8s('resources'),
    values: `
      workers:
        a:
          tasks: [t]
          resources: { limits: { nvidia.com/gpu: »one } }`,
    want: [E('INVALID_QUANTITY')],
  },
  {
    kind: 'a pod label key with a space',
    k8s: k8s('podLabels'),
    values: `
      workers:
        a:
          tasks: [t]
          podLabels: { »"team name": mail }`,
    want: [E('INVALID_NAME', /optional DNS-subdomain prefix/)],
  },
  {
    kind: 'a pod label value that is not a label value',
    k8s: k8s('podLabels'),
    values: `
      workers:
        a:
          tasks: [t]
          podLabels: { team: »"mail and sms" }`,
    want: [E('INVALID_VALUE', /at most 63 letters/)],
  },
  {
    kind: 'an annotation key starting with a dash',
    k8s: k8s('podAnnotations'),
    values: `
      workers:
        a:
          tasks: [t]
          podAnnotations: { »-owner: mail, example.com/note: "any text: yes" }`,
    want: [E('INVALID_NAME', /e\.g\. `team`, `example\.com\/team`/)],
  },
  {
    kind: 'a node selector value past 63 characters',
    k8s: k8s('nodeSelector'),
    values: `
      workers:
        a:
          tasks: [t]
          nodeSelector: { pool: »${'p'.repeat(64)} }`,
    want: [E('INVALID_VALUE', /a label value/)],
  },
];

/** Rows for a worker's env beyond its schema. */
export const ENV_ROWS: Row[] = [
  {
    kind: 'the same env variable twice',
    values: `
      workers:
        a:
          tasks: [t]
          env: [{ name: LOG, value: info }, { »name: LOG, value: debug }]`,
    want: [E('DUPLICATE_ENV')],
  },
  {
    kind: 'an env entry with value and valueFrom',
    values: `
      workers:
        a:
          tasks: [t]
          env: [{ »name: TOKEN, value: x, valueFrom: { secretKeyRef: { name: s, key: k } } }]`,
    want: [E('ENV_VALUE_AND_VALUE_FROM', /value or valueFrom/)],
  },
  {
    kind: 'an env entry that overrides what tb-gen sets',
    values: `
      workers:
        a:
          tasks: [t]
          env: [{ »name: TASK_BACKEND_APP, value: other.js }]`,
    want: [E('ENV_OVERRIDES_CONTRACT', /taskConfig\.app/)],
  },
];
