// Workers whose image is a Python Celery app (`runtime: celery`): the command line tb-gen and the
// chart render for them (Celery's own `celery -A <app> worker ...`, flag names as Celery 5 spells
// them) and the probe that fits such a worker (kombu's Redis key layout is in kombu.ts). One place,
// so tb-gen, the chart (via _contract.tpl) and `tb-gen import celery` cannot disagree.

/** What a worker's container runs: our task-backend-worker, or the image's own Celery worker. */
export const RUNTIMES = ['task-backend-worker', 'celery'] as const;
export type Runtime = (typeof RUNTIMES)[number];
export const DEFAULT_RUNTIME: Runtime = 'task-backend-worker';

/**
 * Does this worker run our task-backend-worker (health port, probes, metrics, bounded shutdown,
 * TASK_BACKEND_APP), whatever the backend? Every worker does but a `runtime: celery` one, which
 * runs the image's Python Celery. The one predicate tb-gen's checks and renderers ask.
 */
export const runsOurWorker = (w: { settings: { runtime: string } }): boolean => w.settings.runtime === DEFAULT_RUNTIME;

/** The other runtime: the worker runs its image's Python Celery (`runtime: celery`). */
export const runsPythonCelery = (w: { settings: { runtime: string } }): boolean => !runsOurWorker(w);

/** A broker URL of RabbitMQ (kombu's amqp, amqps and pyamqp schemes). */
export const AMQP_URL = /^(py)?amqps?:/;

/** The backend a Celery worker's broker must speak: Python Celery reads only Celery's messages. */
export const CELERY_BACKEND = 'celery';

/** A Celery app module (`-A`): a dotted Python path, optionally `module:attribute`. */
export const CELERY_APP = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][A-Za-z0-9_]*)?$/;

/** The `celery:` settings of one worker, as the values file gives them. */
export interface CelerySettings {
  app?: string;
  autoscale?: { max: number; min: number };
  prefetchMultiplier?: number;
  maxTasksPerChild?: number;
  timeLimit?: number;
  softTimeLimit?: number;
  acksLate?: boolean;
  brokerTransportOptions?: Record<string, unknown>;
}

/** Numeric options, in the order they are rendered after the pool size: values key -> Celery flag. */
export const CELERY_OPTIONS = [
  { key: 'prefetchMultiplier', flag: '--prefetch-multiplier' },
  { key: 'maxTasksPerChild', flag: '--max-tasks-per-child' },
  { key: 'timeLimit', flag: '--time-limit' },
  { key: 'softTimeLimit', flag: '--soft-time-limit' },
] as const;

/**
 * The command and the fixed words of the command line. Settings Celery's worker has no flag for
 * go after the flags as `key=value` (Celery's command-line configuration, which overrides the
 * app's own configuration: measured with Celery 5.2.6).
 */
export const CELERY = {
  command: 'celery',
  /** `--hostname <worker>@%h`: Celery expands %h to the pod's host name. */
  hostname: '%s@%%h',
  acksLate: 'task_acks_late=%s',
  transportOptions: 'broker_transport_options=(json)%s',
  /** The environment variable Celery reads its broker URL from, over the app's own setting. */
  brokerEnv: 'CELERY_BROKER_URL',
  /** kombu's Redis transport: an unacked message is redelivered after this many seconds. */
  defaultVisibilityTimeout: 3600,
  /** Celery's worker_prefetch_multiplier when neither the app nor the values set one. */
  defaultPrefetchMultiplier: 4,
} as const;

/**
 * The liveness probe: `celery inspect ping` of this pod's worker, through the broker. Measured on
 * this machine: 0.7 s of CPU and 43 MB RSS per run, 3-10 s wall under load (docs/celery-python.md),
 * so it runs once a minute with a generous timeout, and there is no readiness probe (the pods
 * serve no traffic; a Celery worker is ready once it runs).
 */
export const CELERY_PROBE = {
  shell: 'sh',
  script: 'exec celery -A %s inspect ping --destination %s@"$HOSTNAME" --timeout %d',
  pingTimeout: 10,
  periodSeconds: 60,
  timeoutSeconds: 30,
  failureThreshold: 3,
} as const;

/** Fill `%s`/`%d` in order (and `%%` as `%`), as Go's printf does for these patterns. */
export function fill(pattern: string, ...args: Array<string | number>): string {
  let i = 0;
  return pattern.replace(/%[sd%]/g, (v) => (v === '%%' ? '%' : String(args[i++])));
}

/** The command line after `celery`: `-A app worker -Q queues --hostname w@%h` then the pool size and options. */
export function celeryArgs(worker: string, queues: readonly string[], concurrency: number, c: CelerySettings): string[] {
  const out = ['-A', c.app ?? '', 'worker', '-Q', queues.join(','), '--hostname', fill(CELERY.hostname, worker)];
  if (c.autoscale) out.push('--autoscale', `${c.autoscale.max},${c.autoscale.min}`);
  else out.push('--concurrency', String(concurrency));
  for (const o of CELERY_OPTIONS) if (c[o.key] !== undefined) out.push(o.flag, String(c[o.key]));
  if (c.acksLate !== undefined) out.push(fill(CELERY.acksLate, String(c.acksLate)));
  if (c.brokerTransportOptions !== undefined) out.push(fill(CELERY.transportOptions, JSON.stringify(sorted(c.brokerTransportOptions))));
  return out;
}

// Keys sorted at every level, as Go's JSON encoder writes maps (the chart's toJson).
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
  );
}

/** The liveness probe's exec command for a worker of this app. */
export const celeryProbeCommand = (app: string, worker: string): string[] => [
  CELERY_PROBE.shell,
  '-c',
  fill(CELERY_PROBE.script, app, worker, CELERY_PROBE.pingTimeout),
];

/** The pool ceiling a rendered Celery command line sets (`--autoscale max,min`, else `--concurrency n`), for review's job slots. */
export function celeryPoolSize(args: readonly string[]): number | undefined {
  const after = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const n = Number((after('--autoscale') ?? '').split(',')[0] || after('--concurrency'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
