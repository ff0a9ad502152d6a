// Every diagnostic code, closed: its severity, the one-line description the README's table is
// generated from, and, for the checks the chart runs too, the message both renderers print
// (printf verbs %s %d %v, which Go's printf and `formatMessage` read the same way).

interface CodeSpec {
  severity: 'error' | 'warning';
  /** When it is reported, for the README table (`when` column). */
  when: string;
}

const e = (when: string): CodeSpec => ({ severity: 'error', when });
const w = (when: string): CodeSpec => ({ severity: 'warning', when });

/** The catalogue; its keys are the closed set of codes. Order is the README table's order. */
export const CODES = {
  YAML_SYNTAX: e('the file is not valid YAML'),
  DUPLICATE_KEY: e('a map holds the same key twice (YAML would silently keep the last)'),
  ALIAS_BOMB: e('YAML aliases expand past 100 copies'),
  MULTIPLE_DOCUMENTS: e('a values file holds more than one YAML document'),
  NOT_A_MAP: e('the file is not a map of keys at the top level'),
  SET_SYNTAX: e(
    'a `--set` (or `--set-string`, `--set-json`, `--set-file`, `--set-literal`) that is not `path=value`, or a `--set-json` value that is not JSON',
  ),
  UNKNOWN_KEY: e('a key the schema does not define (with a "did you mean")'),
  WRONG_TYPE: e('a value of the wrong type (`replicas: "3"`, an unquoted `yes` as a name)'),
  INVALID_ENUM: e('a value outside its enum (with a "did you mean")'),
  MISSING_KEY: e('a required key is missing once the files are merged'),
  OUT_OF_RANGE: e('a number outside its bounds'),
  DUPLICATE_ITEM: e('a list names the same item twice'),
  INVALID_VALUE: e('a string that does not match its pattern'),
  INVALID_NAME: e(
    'a worker or profile name that is not a DNS-1123 label, a task name that BullMQ or the flags cannot carry, or a label or annotation key that is not a Kubernetes qualified name',
  ),
  INVALID_QUANTITY: e('`cpu`/`memory` that is not a Kubernetes quantity (`2GB`, `1.5 Gi`)'),
  UNKNOWN_PROFILE: e('`profile:` names no entry of `profiles:`'),
  MIXED_RESOURCE_FORMS: e('flat `{memory, cpu}` and `{requests, limits}` in one `resources`'),
  REQUEST_ABOVE_LIMIT: e('a request above its limit'),
  AUTOSCALING_MAX_REQUIRED: e('autoscaling without `maxReplicas`'),
  HPA_MIN_ABOVE_MAX: e('`minReplicas` above `maxReplicas`'),
  TASK_INCLUDED_AND_EXCLUDED: e('the same name in `tasks` and `excludeTasks`'),
  QUEUE_INCLUDED_AND_EXCLUDED: e('the same name in `queues` and `excludeQueues`'),
  WORKER_SERVES_NOTHING: e(
    'a worker whose filters select no task (`tasks: []`, every listed task excluded, no listed task on a consumed queue)',
  ),
  UNKNOWN_QUEUE: e('`queues`/`excludeQueues` names a queue no task is routed to (the worker would exit with "unknown queue")'),
  QUEUE_SHARED_WITH_REFUSED_TASK: e('a worker consumes a queue that carries a task it refuses (BullMQ cannot filter a queue by job name)'),
  LISTED_TASK_NOT_CONSUMED: e(
    'a worker lists a task in `tasks` and `queues` that leave its queue out (the worker would refuse to start; `excludeQueues` leaves one out on purpose)',
  ),
  MISSING_APP: e(
    'a worker that runs task-backend-worker (backend `bullmq` or `celery`, not `runtime: celery`) on the project\'s own image (`task-backend`) with no `taskConfig.app` (or `TASK_BACKEND_APP` in its `env`): it would exit with "no task app"; a custom image may bake the app in',
  ),
  NAME_TOO_LONG: e('`<fullname>-<worker>` over 63 characters (never truncated)'),
  DUPLICATE_ENV: e("a worker's `env` names the same variable twice (the later silently wins)"),
  ENV_VALUE_AND_VALUE_FROM: e('an `env` entry with both `value` and `valueFrom` (the API server refuses it)'),
  ENV_OVERRIDES_CONTRACT: e("a worker's `env` sets a variable tb-gen sets (`TASK_BACKEND_*`): use the values key that sets it"),
  POD_SECURITY_VIOLATION: e(
    "a worker's rendered pods break the Pod Security Standard of `podSecurityLevel` (restricted by default), naming the rule the API server would refuse them for",
  ),
  AUTOSCALING_MODE_CONFLICT: e(
    'a key only the other autoscaling mode reads (`targetCPUUtilizationPercentage` with mode keda, `cooldownPeriod` with mode hpa, ...): HPA and KEDA both configured',
  ),
  MIN_REPLICAS_ZERO_WITHOUT_KEDA: e('`minReplicas: 0` without `mode: keda` (an HPA cannot scale to zero)'),
  KEDA_RABBITMQ_UNREACHABLE: e(
    '`mode: keda` on a RabbitMQ broker without a URL KEDA can read from a Secret (`brokerSecret`, or a `broker_url` without credentials), or `taskConfig.rabbitmq.protocol: http` without `managementSecret`',
  ),
  KEDA_NAME_TOO_LONG: e('`keda-hpa-<fullname>-<worker>` over 63 characters without `autoscaling.hpaName`'),
  KEDA_REDIS_UNREACHABLE: e(
    '`mode: keda` without a Redis address KEDA can use (`taskConfig.redis.secret`, or a `broker_url` without credentials)',
  ),
  KEDA_QUEUES_UNKNOWN: e('`mode: keda` for a worker whose consumed queues tb-gen does not know (no tasks, queues or catalogue)'),
  CLUSTER_PREFIX_WITHOUT_HASH_TAG: e('`taskConfig.redis.mode: cluster` with a BullMQ prefix without a `{hash tag}`'),
  REDIS_TOPOLOGY_INCOMPLETE: e(
    '`taskConfig.redis.mode: sentinel` without `sentinels` or `sentinelMaster` (the workers could not find the master)',
  ),
  REDIS_TOPOLOGY_UNSUPPORTED: e(
    'a Redis setting a part cannot use: Cluster with the celery backend or a database other than 0, TLS files with `tls: false` or a `redis://` `broker_url`',
  ),
  REDIS_TLS_UNVERIFIED: w('`taskConfig.redis.insecureSkipVerify: true` (no server certificate or name check)'),
  HOST_PORT_CONFLICT: e(
    'two enabled workers of one release with `hostNetwork: true` and the same `healthPort` (their pods could not share a node)',
  ),
  UNKNOWN_TASK: e(
    'a worker names a task outside a `tasks:` catalogue marked `catalogueComplete: true` (the app\'s own, from `task-backend-worker --list-tasks --values`), with a "did you mean"',
  ),
  BROKER_URL_SCHEME: e('backend `bullmq` with a `broker_url` that is not `redis://` or `rediss://` (the worker would refuse it)'),
  IMPLAUSIBLE_QUANTITY: e(
    '`memory` under 1Mi (`512` counts bytes, `512m` millibytes) or `cpu` over 128 cores (`500` counts cores): a unit left out',
  ),
  UNDECLARED_CATCH_ALL: e(
    'a worker naming no tasks or queues beside workers that name theirs: it would take their jobs too (often a misspelt worker in a later `-f` or `--set`)',
  ),
  PDB_BOTH_BOUNDS: e('`pdb.minAvailable` and `pdb.maxUnavailable` together'),
  PDB_BLOCKS_DRAIN: e(
    'a disruption budget that never allows an eviction (`maxUnavailable: 0`, `minAvailable` at or above the replicas or the autoscaling floor)',
  ),
  CELERY_NEEDS_CELERY_BACKEND: e(
    '`runtime: celery` with a `taskConfig.backend_type` other than `celery` (Python Celery reads only Celery messages)',
  ),
  CELERY_APP_MISSING: e('`runtime: celery` without `celery.app`, the app `celery -A` loads'),
  CELERY_IMAGE_NOT_PYTHON: e("`runtime: celery` with task-backend-worker's image, which has no Python Celery: name your app's image"),
  TASK_NOT_SERVED: w('no enabled worker serves a task (`examples/values.yaml` disables `ml-processing` on purpose)'),
  WORKER_SERVES_EVERYTHING: w(
    'a worker with no `tasks`, `queues`, `excludeTasks` or `excludeQueues` serves every task, present and future',
  ),
  LIKELY_MISSPELLED_WORKER: w('a worker that only a later `-f` file or `--set` names, close to the name of an existing worker'),
  HPA_WITHOUT_CPU_REQUEST: w('CPU-utilisation autoscaling without a CPU request'),
  COOLDOWN_WITHIN_GRACE: w('a KEDA `cooldownPeriod` at or below the grace period'),
  KEDA_AMQP_READY_ONLY: w(
    'a worker KEDA scales to zero on RabbitMQ with `protocol: amqp`, which counts ready messages only: a prefetched or running task counts nowhere, so a busy worker reads as idle',
  ),
  REPLICAS_IGNORED: w('`replicas` on an autoscaled worker, where it does nothing'),
  CELERY_ACKS_LATE_OFF: w(
    'a Celery worker without `celery.acksLate: true`: a task in flight is invisible to KEDA and lost when its pod is killed',
  ),
  CELERY_VISIBILITY_TIMEOUT_SHORT: w(
    'a Celery worker with acks_late whose Redis visibility timeout is not above its grace period or time limit: a running task is delivered again',
  ),
  CELERY_PREFETCH_WITH_AUTOSCALING: w(
    'an autoscaled Celery worker with a prefetch multiplier above 1: reserved tasks leave the queue the autoscaler reads',
  ),
} as const satisfies Record<string, CodeSpec>;

/** The closed union of diagnostic codes. */
export type Code = keyof typeof CODES;

/** Messages of the checks the chart runs too: its `fail` prints exactly this text. */
export const MESSAGES = {
  UNKNOWN_PROFILE: 'worker `%s` uses profile `%s`, which profiles: does not define',
  MIXED_RESOURCE_FORMS: 'worker `%s` mixes the flat {memory, cpu} form with {requests, limits}',
  REQUEST_ABOVE_LIMIT: 'worker `%s` requests %s %v, above its limit %v',
  AUTOSCALING_MAX_REQUIRED: 'worker `%s` enables autoscaling without maxReplicas',
  HPA_MIN_ABOVE_MAX: 'worker `%s`: autoscaling.minReplicas %v is above maxReplicas %v',
  TASK_INCLUDED_AND_EXCLUDED: 'worker `%s` both includes and excludes task `%s`',
  QUEUE_INCLUDED_AND_EXCLUDED: 'worker `%s` both includes and excludes queue `%s`',
  WORKER_SERVES_NOTHING: 'worker `%s` serves no task: %s',
  UNKNOWN_QUEUE: 'worker `%s` lists queue `%s` in %s, but no task is routed to it',
  QUEUE_SHARED_WITH_REFUSED_TASK: 'worker `%s` consumes queue `%s`, but refuses %s routed to it; those jobs would fail there',
  LISTED_TASK_NOT_CONSUMED: 'worker `%s` lists task `%s`, but its queue `%s` is not among the queues it consumes (%s)',
  MISSING_APP: 'worker `%s` runs task-backend-worker, but neither taskConfig.app nor its env names the module that registers the tasks',
  NAME_TOO_LONG: 'objects of worker `%s` would be named `%s` (%d characters; Kubernetes allows %d)',
  DUPLICATE_ENV: 'worker `%s` sets env %s twice',
  ENV_VALUE_AND_VALUE_FROM: 'worker `%s`: env %s has both value and valueFrom',
  ENV_OVERRIDES_CONTRACT: 'worker `%s`: env %s is set by tb-gen and the chart (%s)',
  AUTOSCALING_MODE_CONFLICT: 'worker `%s` sets autoscaling.%s, which only mode %s reads; it autoscales with mode %s',
  MIN_REPLICAS_ZERO_WITHOUT_KEDA: 'worker `%s`: autoscaling.minReplicas 0 scales to zero, which only mode keda can do',
  KEDA_RABBITMQ_UNREACHABLE: 'worker `%s` autoscales with KEDA, but KEDA cannot read RabbitMQ: %s',
  KEDA_NAME_TOO_LONG: 'worker `%s`: KEDA would name its HPA `%s` (%d characters; Kubernetes allows %d)',
  KEDA_REDIS_UNREACHABLE: 'worker `%s` autoscales with KEDA, but KEDA cannot reach Redis: %s',
  KEDA_QUEUES_UNKNOWN: 'worker `%s` autoscales with KEDA, but none of the queues it consumes is known',
  CLUSTER_PREFIX_WITHOUT_HASH_TAG: "BullMQ prefix `%s` has no {hash tag}, which Redis Cluster needs to keep each queue's keys in one slot",
  REDIS_TOPOLOGY_INCOMPLETE: 'taskConfig.redis.mode %s needs taskConfig.redis.%s: the workers and producers read it to find the master',
  REDIS_TOPOLOGY_UNSUPPORTED: '%s',
  HOST_PORT_CONFLICT: 'workers `%s` and `%s` both listen on host port %d (hostNetwork: true); their pods could not run on one node',
  UNKNOWN_TASK: 'worker `%s` names task `%s`, which the tasks: catalogue does not list',
  BROKER_URL_SCHEME: 'taskConfig.broker_url has scheme %s, and task-backend-worker takes redis:// or rediss:// only',
  IMPLAUSIBLE_QUANTITY: 'worker `%s`: resources.%s %v is %s, which no worker runs with; a unit is missing or wrong',
  UNDECLARED_CATCH_ALL: 'worker `%s` names no tasks or queues, so it would take the jobs of worker `%s` too',
  PDB_BOTH_BOUNDS: 'worker `%s` sets both pdb.minAvailable and pdb.maxUnavailable; a PodDisruptionBudget takes one',
  PDB_BLOCKS_DRAIN: 'worker `%s`: pdb.%s %s never allows an eviction (%s), so node drains would wait forever',
  CELERY_NEEDS_CELERY_BACKEND:
    'worker `%s` runs Celery (runtime celery), but taskConfig.backend_type is %s; Python Celery reads only Celery messages',
  CELERY_APP_MISSING: 'worker `%s` runs Celery (runtime celery) without celery.app, the app celery -A loads',
  CELERY_IMAGE_NOT_PYTHON: "worker `%s` runs Celery from image %s, which is task-backend-worker's image and has no Python Celery",
} as const satisfies Partial<Record<Code, string>>;

/** Codes with a shared message. */
export type MessageCode = keyof typeof MESSAGES;

/** Go's printf, for the verbs the messages use: %s and %v print the value, %d an integer. */
export function formatMessage(code: MessageCode, ...args: Array<string | number>): string {
  const template: string = MESSAGES[code];
  let i = 0;
  return template.replace(/%[sdv%]/g, (verb) => {
    if (verb === '%%') return '%';
    const arg = args[i++];
    if (arg === undefined) throw new Error(`formatMessage(${code}): too few arguments for ${template}`);
    return verb === '%d' ? String(Math.trunc(Number(arg))) : String(arg);
  });
}
