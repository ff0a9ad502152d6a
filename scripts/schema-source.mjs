// Generates schemas/values.schema.json (run: node scripts/schema-source.mjs after `make build`).
// Written as code so the repeated shapes (quantities, name lists, the worker spec) are defined once;
// names, patterns and bounds come from src/contract (built under dist/). The JSON is committed and
// a test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKENDS, flagSpec } from '../dist/src/contract/args.js';
import * as C from '../dist/src/contract/celery.js';
import * as D from '../dist/src/contract/defaults.js';
import * as MON from '../dist/src/contract/monitoring/rules.js';
import * as N from '../dist/src/contract/names.js';
import * as R from '../dist/src/contract/redis.js';
import * as K8S from './k8s-definitions.mjs';

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
// Label and annotation maps, checked as the API server checks them (keys qualified names; label
// values at most 63 characters); a mistake here would otherwise fail only at apply time.
const LABEL_VALUE_RULE =
  "a label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
const keys = { propertyNames: { pattern: N.QUALIFIED_NAME.source, maxLength: N.MAX_QUALIFIED_NAME } };
const labelMap = (description) => ({
  type: 'object',
  description,
  ...keys,
  additionalProperties: { type: 'string', description: LABEL_VALUE_RULE, pattern: N.LABEL_VALUE.source },
});
const annotationMap = (description) => ({ type: 'object', description, ...keys, additionalProperties: { type: 'string' } });
// Kubernetes' own definitions (schemas/k8s-definitions.json, generated from the pinned OpenAPI
// document by scripts/k8s-definitions.mjs), referred to in this file, as Helm resolves them.
const K8S_DEFS = JSON.parse(readFileSync(new URL('../schemas/k8s-definitions.json', import.meta.url), 'utf8'));
const refTo = (root) => ({ $ref: `#/definitions/${K8S.ROOTS[root]}` });
const ref = (root, description) => ({
  description: `${description} Checked against Kubernetes' ${K8S.ROOTS[root].split('.').pop()}.`,
  allOf: [refTo(root)],
});
const refs = (root, description) => ({
  type: 'array',
  description: `${description} Checked against Kubernetes' ${K8S.ROOTS[root].split('.').pop()}.`,
  items: refTo(root),
});
// A repository without its tag or digest (`myreg.io:5000/team/app`): a tag there would render `app:1.2:0.1.0`.
const imageRepository = str(
  'Image repository, without tag or digest (myreg.io/team/app, a registry port allowed): the tag goes in image.tag, the digest in image.digest.',
  { minLength: 1, pattern: '^[^@:/]+(:[0-9]+)?(/[^@:/]+)*$' },
);
const imageDigest = str('Image digest (sha256:<64 hex>); when set the image is pulled as repository@digest and the tag is not used.', {
  pattern: '^sha256:[a-f0-9]{64}$',
});
const names = (description) => ({ type: 'array', description, items: taskName(`A task or queue name: ${TASK_RULE}.`), uniqueItems: true });
const taskName = (description) => ({ type: 'string', description, pattern: TASK_NAME, minLength: 1, maxLength: N.MAX_TASK_NAME });
const intOrPercent = (description) => ({
  type: ['integer', 'string'],
  description,
  pattern: '^([0-9]|[1-9][0-9]|100)%$',
  minimum: 0,
  maximum: 100000,
});
const secretKey = (description) => str(description, { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 });

// taskConfig.redis' topology and TLS keys (docs/redis.md): Sentinel and Cluster addresses, the CA and
// client certificate Secrets the Deployment mounts and KEDA's TriggerAuthentication reads.
function redisTopology() {
  const hostList = (description) => ({
    type: 'array',
    description,
    minItems: 1,
    items: { type: 'string', pattern: '^[^\\s:,]+:[0-9]{1,5}$', description: 'host:port' },
  });
  const secretName = str('Secret name.', { pattern: DNS_SUBDOMAIN, maxLength: 253 });
  return {
    sentinels: hostList("sentinel: host:port of each sentinel (TASK_BACKEND_REDIS_SENTINELS; KEDA's addresses)."),
    nodes: hostList("cluster: host:port of the seed nodes (TASK_BACKEND_REDIS_NODES; KEDA's addresses)."),
    caSecret: obj(
      'TLS: Secret with the PEM CA bundle that signed the Redis server certificate; mounted read-only (TASK_BACKEND_REDIS_CA) and given to KEDA as ca.',
      { name: secretName, key: secretKey('Key holding the CA bundle.') },
      { required: ['name', 'key'] },
    ),
    clientCertSecret: obj(
      "TLS: Secret with a client certificate and key, for a server that asks for one (TASK_BACKEND_REDIS_CERT and _KEY; KEDA's cert and key).",
      {
        name: secretName,
        certKey: secretKey(`Key holding the PEM certificate (default ${R.CLIENT_CERT_KEYS.certKey}).`),
        keyKey: secretKey(`Key holding the PEM private key (default ${R.CLIENT_CERT_KEYS.keyKey}).`),
      },
      { required: ['name'] },
    ),
    insecureSkipVerify: bool('TLS: do not check the server certificate and name (tb-gen warns; KEDA unsafeSsl).'),
  };
}
const probeTuning = (description) =>
  obj(description, {
    initialDelaySeconds: int('Seconds before the first probe.', 0, 3600),
    periodSeconds: int('Seconds between probes.', 1, 3600),
    timeoutSeconds: int('Seconds a probe may take.', 1, 3600),
    failureThreshold: int('Failures in a row that count as failed.', 1, 100),
    successThreshold: int('Successes in a row that count as passed (liveness: must be 1).', 1, 100),
  });
const quantity = (description) => ({ type: ['string', 'number'], description, pattern: QUANTITY, minimum: 0 });

const cpuMem = (what) =>
  obj(
    `${what} for the worker container: cpu, memory, and any other resource by name (ephemeral-storage, nvidia.com/gpu, ...).`,
    {
      cpu: quantity(`CPU ${what.toLowerCase()}, a Kubernetes quantity such as 500m or 2.`),
      memory: quantity(`Memory ${what.toLowerCase()}, a Kubernetes quantity such as 512Mi or 8Gi (2GB is not one).`),
    },
    { additionalProperties: quantity(`An extended resource's ${what.toLowerCase().replace(/s$/, '')}, a Kubernetes quantity.`) },
  );

const workerSpec = obj('Settings of one worker; the same keys serve in defaults and profiles.', {
  enabled: bool('Render this worker. A disabled worker renders nothing.'),
  profile: str('Name of an entry under profiles: whose settings this worker inherits.', { pattern: DNS_LABEL, maxLength: N.MAX_NAME }),
  replicas: int('Pod count when autoscaling is off.', 0, 1000),
  runtime: {
    type: 'string',
    description: `What the container runs: task-backend-worker (default), or celery: the image is a Python Celery app, started as Celery's own \`celery -A <celery.app> worker -Q <the consumed queues> --hostname <worker>@%h\` (needs taskConfig.backend_type ${C.CELERY_BACKEND} and celery.app).`,
    enum: [...C.RUNTIMES],
  },
  celery: obj(
    'runtime celery: the Celery worker command line. Each key maps to one Celery option; unset keys leave Celery (or the app) to decide.',
    {
      app: str(
        'The Celery app to load (-A), a Python module path such as backend or backend.workers.file_processing (module:attribute also works).',
        {
          pattern: C.CELERY_APP.source,
          maxLength: 253,
        },
      ),
      autoscale: obj(
        "Celery's pool autoscaler (--autoscale max,min): the pool grows to max processes under load and shrinks to min; replaces --concurrency, and max is the KEDA target per pod by default.",
        { max: int('Most pool processes.', 1, 10000), min: int('Fewest pool processes.', 0, 10000) },
        { required: ['max', 'min'] },
      ),
      prefetchMultiplier: int(
        `Messages each pool process reserves ahead (--prefetch-multiplier; Celery's default ${C.CELERY.defaultPrefetchMultiplier}). Reserved messages leave the queue, so KEDA no longer sees them: 1 with autoscaling.`,
        1,
        10000,
      ),
      maxTasksPerChild: int('Tasks a pool process runs before it is replaced (--max-tasks-per-child).', 1, 10000000),
      timeLimit: int('Hard time limit per task in seconds: the pool process is killed (--time-limit).', 1, 604800),
      softTimeLimit: int(
        'Soft time limit per task in seconds: SoftTimeLimitExceeded is raised in the task (--soft-time-limit).',
        1,
        604800,
      ),
      acksLate: bool(
        "Acknowledge a task when it ends instead of when it starts (task_acks_late, passed on the command line, over the app's setting). Off, a task in flight is invisible to KEDA and lost when its pod is killed.",
      ),
      brokerTransportOptions: {
        type: 'object',
        description: `kombu's broker_transport_options, passed on the command line as JSON; it replaces the app's own, so give all of them. visibility_timeout (Redis; default ${C.CELERY.defaultVisibilityTimeout} s) must exceed the grace period and the time limit, or a running task is delivered again.`,
      },
    },
  ),
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
  autoscaling: obj(
    'Autoscaling for this worker: a HorizontalPodAutoscaler on CPU/memory (mode hpa) or a KEDA ScaledObject on the queue backlog (mode keda); when enabled the Deployment has no replicas.',
    {
      enabled: bool('Autoscale this worker.'),
      mode: {
        type: 'string',
        description: `hpa: an autoscaling/v2 HorizontalPodAutoscaler on CPU/memory; keda: a keda.sh/v1alpha1 ScaledObject on the jobs waiting and running in the consumed queues (default ${D.DEFAULT_AUTOSCALING_MODE}).`,
        enum: [...D.AUTOSCALING_MODES],
      },
      minReplicas: int(`Lower bound (default ${D.DEFAULT_MIN_REPLICAS}); 0, scale to zero, only with mode keda.`, 0, 1000),
      maxReplicas: int('Upper bound; required when autoscaling is enabled.', 1, 1000),
      targetCPUUtilizationPercentage: int(
        `mode hpa: average CPU utilisation target, percent of requests (default ${D.DEFAULT_CPU_TARGET} when no target is set).`,
        1,
        1000,
      ),
      targetMemoryUtilizationPercentage: int('mode hpa: average memory utilisation target, percent of requests.', 1, 1000),
      behavior: ref(
        'hpaBehavior',
        'HPA scaleUp/scaleDown behavior (mode keda: advanced.horizontalPodAutoscalerConfig.behavior, default a cautious scale-down).',
      ),
      target: int("mode keda: jobs (waiting, prioritized and running) per replica (default the worker's concurrency).", 1, 100000),
      activationTarget: int('mode keda: backlog above which a worker at zero replicas wakes (default 0: any job wakes it).', 0, 100000),
      pollingInterval: int(`mode keda: seconds between backlog checks (default ${D.KEDA.pollingInterval}).`, 1, 3600),
      cooldownPeriod: int(
        `mode keda: seconds without backlog before scaling to zero (default ${D.KEDA.cooldownPeriod}, or the grace period plus ${D.KEDA.cooldownOverGrace} s if that is longer).`,
        0,
        86400,
      ),
      wakeForDelayed: bool(
        'mode keda: keep one replica while delayed jobs exist, so due ones are promoted and run (BullMQ promotes delayed jobs only while a worker runs).',
      ),
      countUnacked: bool(
        "mode keda, Celery broker on Redis: add kombu's `unacked` hash (tasks delivered and not yet acknowledged: running, or reserved by prefetch) to the queue lists. The hash is one per Redis database, so every worker whose queues share the database counts the others' in-flight tasks too.",
      ),
      hpaName: str(
        `mode keda: name of the HPA KEDA creates (default keda-hpa-<object name>, which must then fit ${N.MAX_NAME} characters).`,
        { pattern: DNS_LABEL, maxLength: N.MAX_NAME },
      ),
    },
  ),
  pdb: obj('PodDisruptionBudget for this worker (policy/v1), on by default for every worker that can have a replica.', {
    enabled: bool('Render a PodDisruptionBudget.'),
    minAvailable: intOrPercent(
      'Pods that must stay available during a voluntary disruption (a number or a percentage); not with maxUnavailable.',
    ),
    maxUnavailable: intOrPercent(
      `Pods that may be unavailable during a voluntary disruption (default ${D.PDB.maxUnavailable} when minAvailable is unset).`,
    ),
    unhealthyPodEvictionPolicy: {
      type: 'string',
      description: `Whether unready pods may be evicted regardless of the budget (default ${D.PDB.unhealthyPodEvictionPolicy}: during a Redis outage every worker is unready, and IfHealthyBudget would block node drains).`,
      enum: ['AlwaysAllow', 'IfHealthyBudget'],
    },
  }),
  image: obj("This worker's image, over the top-level image (an ML worker may need another one).", {
    repository: imageRepository,
    tag: str('Image tag; empty means the top-level tag, else the chart appVersion.'),
    digest: imageDigest,
    pullPolicy: { type: 'string', description: 'Image pull policy.', enum: ['Always', 'IfNotPresent', 'Never'] },
  }),
  probes: obj('Tuning of the rendered liveness and readiness probes (task-backend-worker only; path and port are fixed).', {
    liveness: probeTuning('Liveness probe (/livez).'),
    readiness: probeTuning('Readiness probe (/readyz).'),
  }),
  tmpDir: obj(`The emptyDir mounted at ${D.TMP_DIR.mountPath} whenever the root file system is read-only.`, {
    sizeLimit: quantity(`Size limit of the ${D.TMP_DIR.mountPath} emptyDir (default ${D.TMP_DIR.sizeLimit}).`),
    medium: {
      type: 'string',
      description: 'emptyDir medium: "" (node disk) or Memory (tmpfs, counted against the memory limit).',
      enum: ['', 'Memory'],
    },
  }),
  volumes: refs('volume', 'Extra pod volumes (Kubernetes Volume list).'),
  volumeMounts: refs('volumeMount', 'Extra container volume mounts (Kubernetes VolumeMount list).'),
  automountServiceAccountToken: bool(
    'Mount the service account token into the pods; workers do not talk to the Kubernetes API, so the chart default is false.',
  ),
  revisionHistoryLimit: int('Old ReplicaSets the Deployment keeps for rollback (Kubernetes default 10).', 0, 1000),
  strategy: ref('deploymentStrategy', 'Deployment update strategy.'),
  nodeSelector: labelMap('Node labels the pods must match.'),
  tolerations: refs('toleration', 'Pod tolerations.'),
  affinity: ref(
    'affinity',
    "Pod affinity and anti-affinity; a pod (anti-)affinity term without a labelSelector gets the worker's own selector.",
  ),
  topologySpreadConstraints: refs(
    'topologySpreadConstraint',
    "Pod topology spread constraints; one without a labelSelector gets the worker's own selector.",
  ),
  priorityClassName: str('PriorityClass of the pods.', { pattern: DNS_SUBDOMAIN, maxLength: 253 }),
  hostNetwork: bool(
    `Run the pods in the node's network namespace (they reach services on the node's loopback). The health port becomes a host port: two workers of a release with hostNetwork need distinct healthPorts, and a Deployment without strategy replaces one pod at a time (maxSurge ${D.HOST_NETWORK.strategy.rollingUpdate.maxSurge}, maxUnavailable ${D.HOST_NETWORK.strategy.rollingUpdate.maxUnavailable}); dnsPolicy ${D.HOST_NETWORK.dnsPolicy}. Pod Security baseline and restricted refuse such pods.`,
  ),
  healthPort: int(
    `Port of the worker's /livez, /readyz and /metrics (--health-port), its containerPort and its probes' port (default ${D.HEALTH_PORT}; task-backend-worker only).`,
    D.HEALTH_PORT_RANGE.min,
    D.HEALTH_PORT_RANGE.max,
  ),
  env: refs(
    'envVar',
    'Extra container environment variables (Kubernetes EnvVar list); names tb-gen sets (TASK_BACKEND_*) are not allowed.',
  ),
  envFrom: refs('envFromSource', 'Container envFrom sources.'),
  podAnnotations: annotationMap('Annotations on the pods.'),
  podLabels: labelMap('Extra labels on the pods (not part of the selector).'),
  terminationGracePeriodSeconds: int('Seconds Kubernetes waits after SIGTERM; the worker drains for 5 s less.', 2, 86400),
  securityContext: ref(
    'securityContext',
    'Container securityContext; deep-merges into the restricted default of chart/values.yaml, and {} removes it.',
  ),
  podSecurityContext: ref(
    'podSecurityContext',
    'Pod securityContext; deep-merges into the restricted default of chart/values.yaml, and {} removes it.',
  ),
});

// monitoring: alert and recording rules per worker, and the Grafana dashboard (docs/operations.md).
const DURATION = '^[0-9]+(ms|s|m|h)$';
const LABEL_NAME = '^[a-zA-Z_][a-zA-Z0-9_]*$';
const alertSettings = (a) =>
  obj(`${a.alert}: ${a.summary.replace(/%\[\d\]s/g, '…')} (docs/operations.md).`, {
    enabled: bool(`Render this alert (default true, for the workers it applies to).`),
    for: str(`How long the condition holds before the alert fires, a Prometheus duration (default ${a.for}).`, { pattern: DURATION }),
    severity: str(`The alert's severity label (default ${a.severity}).`, { pattern: N.LABEL_VALUE.source, minLength: 1 }),
    ...(a.threshold === undefined
      ? {}
      : {
          threshold: {
            type: 'number',
            description: `${a.key === 'backlog' ? 'Jobs waiting per job slot at full scale (concurrency x max replicas)' : 'Share of job attempts that fail'} above which it fires (default ${a.threshold}).`,
            minimum: 0.001,
            maximum: a.key === 'backlog' ? 100000 : 1,
          },
        }),
  });
const monitoring = obj('Operating the workers: alert and recording rules per worker, and a Grafana dashboard per release.', {
  rules: obj(
    'A Prometheus Operator PrometheusRule with recording rules and alerts per worker, derived from its capacity and scaling (tb-gen rules prints the same groups as a plain rule file).',
    {
      enabled: bool('Render the PrometheusRule (needs the monitoring.coreos.com CRDs; the workers must be scraped, e.g. by podMonitor).'),
      labels: labelMap("Labels on the PrometheusRule (for the Prometheus ruleSelector, e.g. kube-prometheus-stack's release label)."),
      alertLabels: labelMap('Labels added to every alert (e.g. team, for Alertmanager routing).'),
      rateWindow: str(
        `Window of rate(), increase() and deriv() in the rules, a Prometheus duration (default ${MON.MONITORING.rateWindow}).`,
        {
          pattern: DURATION,
        },
      ),
      kedaNamespaceLabel: str(
        `The label that holds a ScaledObject's namespace on KEDA's scraped series (default ${MON.MONITORING.kedaNamespaceLabel}; namespace when KEDA is scraped with honorLabels).`,
        { pattern: LABEL_NAME },
      ),
      alerts: obj(
        'Per alert: enabled, for, severity and, where it has one, threshold.',
        Object.fromEntries(MON.ALERTS.map((a) => [a.key, alertSettings(a)])),
      ),
    },
  ),
  dashboards: obj(
    `A Grafana dashboard of the release's workers in a ConfigMap labelled ${MON.MONITORING.dashboardLabel.name}: "${MON.MONITORING.dashboardLabel.value}", which the Grafana sidecar of kube-prometheus-stack loads.`,
    {
      enabled: bool('Render the dashboard ConfigMap.'),
      labels: labelMap("Labels on the ConfigMap, over the sidecar's label (set it here when your sidecar looks for another value)."),
      annotations: annotationMap('Annotations on the ConfigMap (e.g. grafana_folder for the sidecar folderAnnotation).'),
    },
  ),
});

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://task-backend.dev/schemas/values.schema.json',
  title: 'task-worker values',
  description: 'Values for tb-gen and the task-worker Helm chart: every background worker in one file.',
  type: 'object',
  additionalProperties: false,
  definitions: { workerSpec, ...K8S_DEFS },
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
      result_backend: str(
        "Celery's result_backend as plain text (TASK_BACKEND_RESULT_BACKEND, a redis:// URL); a development fallback when resultBackendSecret is not set. Unset, celery workers store no results.",
        { minLength: 1 },
      ),
      resultBackendSecret: obj(
        "Secret that holds Celery's result_backend URL (TASK_BACKEND_RESULT_BACKEND).",
        {
          name: str('Secret name.', { pattern: DNS_SUBDOMAIN, maxLength: 253 }),
          key: str('Key in the Secret.', { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }),
        },
        { required: ['name', 'key'] },
      ),
      app: str('Module the worker loads to register its tasks (TASK_BACKEND_APP).', { minLength: 1 }),
      prefix: str('BullMQ key prefix (TASK_BACKEND_PREFIX); in Redis Cluster it must hold a {hash tag}.', { minLength: 1 }),
      redis: obj(
        'How the workers, the producers and KEDA reach the broker Redis: the topology, TLS files and, for KEDA (which cannot read a redis:// URL), the address and credentials from a Secret.',
        {
          mode: {
            type: 'string',
            description: `standalone, cluster or sentinel: KEDA's redis, redis-cluster or redis-sentinel trigger (default ${D.DEFAULT_REDIS_MODE}).`,
            enum: Object.keys(D.REDIS_TRIGGER_TYPES),
          },
          database: int('Database index BullMQ uses (default 0, or the path of broker_url).', 0, 1000),
          tls: bool('Connect with TLS (default: true when broker_url is rediss://).'),
          sentinelMaster: str('sentinel: the master set name.', { minLength: 1 }),
          ...redisTopology(),
          secret: obj(
            'Secret with the Redis address and credentials for KEDA (one TriggerAuthentication per release reads it).',
            {
              name: str('Secret name.', { pattern: DNS_SUBDOMAIN, maxLength: 253 }),
              addressKey: secretKey('Key holding host:port (cluster and sentinel: a comma-separated list).'),
              usernameKey: secretKey('Key holding the Redis user name.'),
              passwordKey: secretKey('Key holding the Redis password.'),
              sentinelPasswordKey: secretKey('sentinel: key holding the Sentinel password.'),
            },
            { required: ['name'] },
          ),
        },
      ),
    }),
    podSecurityLevel: {
      type: 'string',
      description:
        'The Pod Security Standard the target namespace enforces; tb-gen checks every rendered pod against it (default restricted).',
      enum: ['privileged', 'baseline', 'restricted'],
    },
    serviceAccount: obj("The pods' service account.", {
      create: bool('Render a ServiceAccount (with automountServiceAccountToken false) for the release.'),
      name: str('Its name; empty: the release fullname when created, else the namespace default.', {
        pattern: `^(${DNS_SUBDOMAIN.slice(1, -1)})?$`,
        maxLength: 253,
      }),
      annotations: annotationMap('Annotations on the ServiceAccount (e.g. a cloud IAM role).'),
    }),
    podMonitor: obj('One Prometheus Operator PodMonitor for the release, scraping /metrics of every task-backend-worker pod.', {
      enabled: bool('Render the PodMonitor (needs the monitoring.coreos.com CRDs).'),
      interval: str('Scrape interval, a Prometheus duration such as 30s.', { pattern: '^[0-9]+(ms|s|m|h)$' }),
      labels: labelMap('Labels on the PodMonitor (for the Prometheus podMonitorSelector).'),
    }),
    monitoring,
    image: obj('Worker container image.', {
      repository: imageRepository,
      tag: str('Image tag; empty means the chart appVersion.'),
      digest: imageDigest,
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
    commonLabels: labelMap('Labels added to every object and pod.'),
    catalogueComplete: bool(
      'The tasks: catalogue lists every task the app registers (task-backend-worker --list-tasks --values writes true): a task a worker names outside it is an error (UNKNOWN_TASK), not a new task on its own queue.',
    ),
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
