// Generates schemas/values.schema.json (run: node scripts/schema-source.mjs after `make build`).
// Written as code so the repeated shapes (quantities, name lists, the worker spec) are defined once;
// names, patterns and bounds come from src/contract (built under dist/). The JSON is committed and
// a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKENDS, flagSpec } from '../dist/src/contract/args.js';
import * as N from '../dist/src/contract/names.js';

const DNS_LABEL = N.DNS_LABEL.source;
const OPT_DNS_LABEL = `^(${DNS_LABEL.slice(1, -1)})?$`;
const DNS_SUBDOMAIN = N.DNS_SUBDOMAIN.source;
const TASK_NAME = N.TASK_NAME.source;
const TASK_RULE = `start with a letter or digit, then letters, digits, _ . - (no ':'), at most ${N.MAX_TASK_NAME} characters`;
const CONCURRENCY = flagSpec('concurrency');
const QUANTITY = '^(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+|[KMGTPE]i|[numkMGTPE])?$';

const str = (description, extra = {}) => ({ type: 'string', description, ...extra });
const int = (description, minimum, maximum) => ({ type: 'integer', description, minimum, ...(maximum === undefined ? {} : { maximum }) });
const bool = (description) => ({ type: 'boolean', description });
const obj = (description, properties, extra = {}) => ({ type: 'object', description, additionalProperties: false, properties, ...extra });
const freeMap = (description) => ({ type: 'object', description, additionalProperties: { type: 'string' } });
const k8s = (type, description) => ({ type, description: `${description} Passed to Kubernetes as written.` });
const names = (description) => ({ type: 'array', description, items: taskName(`A task or queue name: ${TASK_RULE}.`), uniqueItems: true });
const taskName = (description) => ({ type: 'string', description, pattern: TASK_NAME, minLength: 1, maxLength: N.MAX_TASK_NAME });
const quantity = (description) => ({ type: ['string', 'number'], description, pattern: QUANTITY, minimum: 0 });

const cpuMem = (what) =>
  obj(`${what} for the worker container.`, {
    cpu: quantity(`CPU ${what.toLowerCase()}, a Kubernetes quantity such as 500m or 2.`),
    memory: quantity(`Memory ${what.toLowerCase()}, a Kubernetes quantity such as 512Mi or 8Gi (2GB is not one).`),
  });

const workerSpec = obj('Settings of one worker; the same keys serve in defaults and profiles.', {
  enabled: bool('Render this worker. A disabled worker renders nothing.'),
  profile: str('Name of an entry under profiles: whose settings this worker inherits.', { pattern: DNS_LABEL, maxLength: N.MAX_NAME }),
  replicas: int('Pod count when autoscaling is off.', 0, 1000),
  tasks: names('Serve only these tasks (--tasks). Unset: every task not excluded.'),
  excludeTasks: names('Never serve these tasks (--exclude-tasks).'),
  queues: names('Consume only these queues (--queues). Unset: the queues of the served tasks.'),
  excludeQueues: names('Never consume these queues (--exclude-queues).'),
  concurrency: int('Jobs one pod runs at once (--concurrency).', CONCURRENCY.min, CONCURRENCY.max),
  resources: obj(
    'Container resources: Kubernetes {requests, limits}, or the flat {memory, cpu} form, which sets requests and limits to the same values.',
    {
      requests: cpuMem('Requests'),
      limits: cpuMem('Limits'),
      cpu: quantity('Flat form: CPU request and limit.'),
      memory: quantity('Flat form: memory request and limit.'),
    },
  ),
  autoscaling: obj('HorizontalPodAutoscaler for this worker; when enabled the Deployment has no replicas.', {
    enabled: bool('Render an autoscaling/v2 HorizontalPodAutoscaler.'),
    minReplicas: int('Lower bound of the HPA (default 1).', 1, 1000),
    maxReplicas: int('Upper bound of the HPA; required when autoscaling is enabled.', 1, 1000),
    targetCPUUtilizationPercentage: int('Average CPU utilisation target, percent of requests (default 80 when no target is set).', 1, 1000),
    targetMemoryUtilizationPercentage: int('Average memory utilisation target, percent of requests.', 1, 1000),
    behavior: k8s('object', 'HPA scaleUp/scaleDown behavior.'),
  }),
  nodeSelector: freeMap('Node labels the pods must match.'),
  tolerations: k8s('array', 'Pod tolerations.'),
  affinity: k8s('object', 'Pod affinity and anti-affinity.'),
  topologySpreadConstraints: k8s('array', 'Pod topology spread constraints.'),
  priorityClassName: str('PriorityClass of the pods.', { pattern: DNS_SUBDOMAIN, maxLength: 253 }),
  env: {
    type: 'array',
    description: 'Extra container environment variables (Kubernetes EnvVar list).',
    items: obj(
      'One EnvVar.',
      {
        name: str('Variable name.', { minLength: 1 }),
        value: str('Variable value.'),
        valueFrom: k8s('object', 'Where the value comes from (secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef).'),
      },
      { required: ['name'] },
    ),
  },
  envFrom: k8s('array', 'Container envFrom sources.'),
  podAnnotations: freeMap('Annotations on the pods.'),
  podLabels: freeMap('Extra labels on the pods (not part of the selector).'),
  terminationGracePeriodSeconds: int('Seconds Kubernetes waits after SIGTERM; the worker drains for 5 s less.', 2, 86400),
  securityContext: k8s(
    'object',
    'Container securityContext; deep-merges into the restricted default of chart/values.yaml, and {} removes it.',
  ),
  podSecurityContext: k8s(
    'object',
    'Pod securityContext; deep-merges into the restricted default of chart/values.yaml, and {} removes it.',
  ),
});

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://task-backend.dev/schemas/values.schema.json',
  title: 'task-worker values',
  description: 'Values for tb-gen and the task-worker Helm chart: every background worker in one file.',
  type: 'object',
  additionalProperties: false,
  definitions: { workerSpec },
  properties: {
    global: { type: 'object', description: 'Helm global values; accepted and ignored.' },
    taskConfig: obj('Settings shared by every worker.', {
      backend_type: {
        type: 'string',
        description:
          'Task backend the workers run: bullmq runs task-backend-worker; any other starts your own image with the selection flags.',
        enum: [...BACKENDS],
      },
      broker_url: str('Broker URL as plain text; a development fallback when brokerSecret is not set.', { minLength: 1 }),
      brokerSecret: obj(
        'Secret that holds the broker URL.',
        {
          name: str('Secret name.', { pattern: DNS_SUBDOMAIN, maxLength: 253 }),
          key: str('Key in the Secret.', { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }),
        },
        { required: ['name', 'key'] },
      ),
      app: str('Module the worker loads to register its tasks (TASK_BACKEND_APP).', { minLength: 1 }),
      prefix: str('BullMQ key prefix (TASK_BACKEND_PREFIX).', { minLength: 1 }),
    }),
    image: obj('Worker container image.', {
      repository: str('Image repository.', { minLength: 1 }),
      tag: str('Image tag; empty means the chart appVersion.'),
      pullPolicy: { type: 'string', description: 'Image pull policy.', enum: ['Always', 'IfNotPresent', 'Never'] },
    }),
    imagePullSecrets: {
      type: 'array',
      description: 'Secrets for pulling the image.',
      items: obj('A pull secret reference.', { name: str('Secret name.', { minLength: 1 }) }, { required: ['name'] }),
    },
    nameOverride: str('Replaces the chart name in object names and labels; empty: the chart name.', {
      pattern: OPT_DNS_LABEL,
      maxLength: N.MAX_NAME,
    }),
    fullnameOverride: str('Replaces <release>-<chart> as the prefix of object names; empty: derived.', {
      pattern: OPT_DNS_LABEL,
      maxLength: N.MAX_NAME,
    }),
    commonLabels: freeMap('Labels added to every object and pod.'),
    tasks: {
      type: 'object',
      description: 'Routing catalogue: the queue of each task. A task not listed uses its own name as its queue.',
      propertyNames: { pattern: TASK_NAME, maxLength: N.MAX_TASK_NAME },
      additionalProperties: obj('One task.', { queue: taskName(`Queue the task is routed to: ${TASK_RULE}.`) }, { required: ['queue'] }),
    },
    profiles: {
      type: 'object',
      description: 'Named worker settings that workers inherit with profile: <name>.',
      propertyNames: { pattern: DNS_LABEL, maxLength: N.MAX_NAME },
      additionalProperties: { $ref: '#/definitions/workerSpec' },
    },
    defaults: { $ref: '#/definitions/workerSpec' },
    workers: {
      type: 'object',
      description: 'The workers, by name; each name must be a DNS-1123 label.',
      propertyNames: { pattern: DNS_LABEL, maxLength: N.MAX_NAME },
      additionalProperties: { $ref: '#/definitions/workerSpec' },
    },
  },
};

// Every property also admits null: in a values file null means "delete this key" (Helm's rule),
// and Helm validates its merged values, in which such a null can survive. tb-gen strips nulls
// before it validates a layer, so for tb-gen this changes nothing.
function admitNull(node) {
  if (Array.isArray(node)) return node.forEach(admitNull);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') for (const prop of Object.values(value)) nullable(prop);
    if (key === 'additionalProperties' && typeof value === 'object') nullable(value);
    admitNull(value);
  }
}
function nullable(prop) {
  if (prop.type) prop.type = [...new Set([...[prop.type].flat(), 'null'])];
  if (prop.enum && !prop.enum.includes(null)) prop.enum = [...prop.enum, null];
}
admitNull(schema);

/** The schema document's text, as committed. */
export const schemaText = () => JSON.stringify(schema, null, 2) + '\n';
export const SCHEMA_PATH = fileURLToPath(new URL('../schemas/values.schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(SCHEMA_PATH, schemaText());
