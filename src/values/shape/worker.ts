// One worker's settings: the shape of workers.<name>, defaults and profiles.<name> alike.
import { flagSpec } from '../../contract/args.js';
import * as C from '../../contract/celery.js';
import * as D from '../../contract/defaults.js';
import * as N from '../../contract/names.js';
import { bool, choice, int, obj, str } from './build.js';
import { annotationMap, image, labelMap, names, subdomain } from './common.js';
import { k8s, k8sList } from './k8s.js';
import { autoscaling, celery, pdb, probes, resources, tmpDir } from './worker-parts.js';

// An integer flag of the worker, with the flag's own bounds (so the schema and the worker agree).
function intFlag(description: string, key: 'concurrency') {
  const { min, max } = flagSpec(key);
  if (min === undefined || max === undefined) throw new Error(`--${key} has no bounds in src/contract/args.ts`);
  return int(description, min, max);
}
const { maxSurge, maxUnavailable } = D.HOST_NETWORK.strategy.rollingUpdate;

/** Settings of one worker; the same keys serve in defaults and profiles. */
export const workerSpec = obj('Settings of one worker; the same keys serve in defaults and profiles.', {
  enabled: bool('Render this worker. A disabled worker renders nothing.'),
  profile: str('Name of an entry under profiles: whose settings this worker inherits.', {
    pattern: N.DNS_LABEL.source,
    maxLength: N.MAX_NAME,
  }),
  replicas: int('Pod count when autoscaling is off.', 0, 1000),
  runtime: choice(
    `What the container runs: task-backend-worker (default), or celery: the image is a Python Celery app, started as Celery's own \`celery -A <celery.app> worker -Q <the consumed queues> --hostname <worker>@%h\` (needs taskConfig.backend_type ${C.CELERY_BACKEND} and celery.app).`,
    C.RUNTIMES,
  ),
  celery,
  tasks: names('Serve only these tasks (--tasks). Unset: every task not excluded.'),
  excludeTasks: names('Never serve these tasks (--exclude-tasks).'),
  queues: names('Consume only these queues (--queues). Unset: the queues of the served tasks.'),
  excludeQueues: names('Never consume these queues (--exclude-queues).'),
  concurrency: intFlag('Jobs one pod runs at once (--concurrency).', 'concurrency'),
  resources,
  autoscaling,
  pdb,
  image: image(
    "This worker's image, over the top-level image (an ML worker may need another one).",
    'Image tag; empty means the top-level tag, else the chart appVersion.',
  ),
  probes,
  tmpDir,
  volumes: k8sList('volume', 'Extra pod volumes (Kubernetes Volume list).'),
  volumeMounts: k8sList('volumeMount', 'Extra container volume mounts (Kubernetes VolumeMount list).'),
  automountServiceAccountToken: bool(
    'Mount the service account token into the pods; workers do not talk to the Kubernetes API, so the chart default is false.',
  ),
  revisionHistoryLimit: int('Old ReplicaSets the Deployment keeps for rollback (Kubernetes default 10).', 0, 1000),
  strategy: k8s('deploymentStrategy', 'Deployment update strategy.'),
  nodeSelector: labelMap('Node labels the pods must match.'),
  tolerations: k8sList('toleration', 'Pod tolerations.'),
  affinity: k8s(
    'affinity',
    "Pod affinity and anti-affinity; a pod (anti-)affinity term without a labelSelector gets the worker's own selector.",
  ),
  topologySpreadConstraints: k8sList(
    'topologySpreadConstraint',
    "Pod topology spread constraints; one without a labelSelector gets the worker's own selector.",
  ),
  priorityClassName: subdomain('PriorityClass of the pods.'),
  hostNetwork: bool(
    `Run the pods in the node's network namespace (they reach services on the node's loopback). The health port becomes a host port: two workers of a release with hostNetwork need distinct healthPorts, and a Deployment without strategy replaces one pod at a time (maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}); dnsPolicy ${D.HOST_NETWORK.dnsPolicy}. Pod Security baseline and restricted refuse such pods.`,
  ),
  healthPort: int(
    `Port of the worker's /livez, /readyz and /metrics (--health-port), its containerPort and its probes' port (default ${D.HEALTH_PORT}; task-backend-worker only).`,
    D.HEALTH_PORT_RANGE.min,
    D.HEALTH_PORT_RANGE.max,
  ),
  env: k8sList(
    'envVar',
    'Extra container environment variables (Kubernetes EnvVar list); names tb-gen sets (TASK_BACKEND_*) are not allowed.',
  ),
  envFrom: k8sList('envFromSource', 'Container envFrom sources.'),
  podAnnotations: annotationMap('Annotations on the pods.'),
  podLabels: labelMap('Extra labels on the pods (not part of the selector).'),
  terminationGracePeriodSeconds: int('Seconds Kubernetes waits after SIGTERM; the worker drains for 5 s less.', 2, 86400),
  securityContext: k8s(
    'securityContext',
    'Container securityContext; deep-merges into the restricted default of chart/values.yaml, and {} removes it.',
  ),
  podSecurityContext: k8s(
    'podSecurityContext',
    'Pod securityContext; deep-merges into the restricted default of chart/values.yaml, and {} removes it.',
  ),
});
