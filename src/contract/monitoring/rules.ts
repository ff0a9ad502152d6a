// Alerts and recording rules per worker, and their defaults: the one text tb-gen and the chart fill
// in (tb-gen with fill(), the chart with printf, which reads the same `%[n]s` directives), so both
// render the same PrometheusRule. Every series named here comes from METRICS (src/contract/monitoring/metrics.ts).
import { METRICS as M } from './metrics.js';

/** Defaults of monitoring.rules and monitoring.dashboards that are not per alert. */
export const MONITORING = {
  /** Window of rate(), increase() and deriv() in the rules. */
  rateWindow: '5m',
  /** The label KEDA's own series carry the ScaledObject's namespace in once scraped: KEDA's
   *  `namespace` label collides with the target's, so Prometheus keeps it as exported_namespace. */
  kedaNamespaceLabel: 'exported_namespace',
  /** The label kube-prometheus-stack's Grafana sidecar looks for on ConfigMaps, and its value. */
  dashboardLabel: { name: 'grafana_dashboard', value: '1' },
  /** The dashboard ConfigMap is `<fullname><dashboardSuffix>`; its data key `<fullname>.json`. */
  dashboardSuffix: '-dashboard',
} as const;

/** The label of the pod's namespace on every scraped worker series (the PodMonitor's target label). */
export const NAMESPACE_LABEL = 'namespace';
/** The series the rules group by. */
const BY = `by (${NAMESPACE_LABEL}, worker)`;

/**
 * Arguments of every rule text, in order (`%[n]s` is argument n):
 * 1 the worker's series matchers (`namespace="ns",worker="w"`), 2 its capacity in job slots
 * (concurrency x max replicas), 3 the alert's threshold, 4 the rate window, 5 max replicas,
 * 6 the matchers of its ScaledObject's KEDA series, 7 the worker's name, 8 its concurrency.
 */
export type RuleArgs = readonly [string, string, string, string, string, string, string, string];

/** A text with `%[n]s` directives (Go's printf spells them so too) filled from args; `%%` is `%`. */
export const fill = (text: string, args: readonly string[]): string =>
  text.replace(/%\[(\d)\]s|%%/g, (m, n: string | undefined) => (n === undefined ? '%' : (args[Number(n) - 1] ?? m)));

/** Recording rules: one series per worker, named level:metric:operation as Prometheus advises. */
export const RECORDS = {
  backlog: 'worker:task_backend_worker_queue_waiting:sum',
  ready: 'worker:task_backend_worker_ready:sum',
  pods: 'worker:task_backend_worker_pods:count',
  failureRatio: 'worker:task_backend_worker_jobs_failed:ratio_rate',
} as const;

const rate = (metric: string) => `sum ${BY} (rate(${metric}{%[1]s}[%[4]s]))`;

/** The recording rules of one worker, in evaluation order (alerts of the same group come after). */
export const RECORDING_RULES: ReadonlyArray<{ record: string; expr: string }> = [
  // Every pod of a worker reports the same depth of each queue it consumes: the max per queue, summed.
  { record: RECORDS.backlog, expr: `sum ${BY} (max by (${NAMESPACE_LABEL}, worker, queue) (${M.waiting}{%[1]s}))` },
  { record: RECORDS.ready, expr: `sum ${BY} (${M.ready}{%[1]s})` },
  { record: RECORDS.pods, expr: `count ${BY} (${M.concurrency}{%[1]s})` },
  { record: RECORDS.failureRatio, expr: `${rate(M.failed)} / (${rate(M.completed)} + ${rate(M.failed)})` },
];

/** Which workers an alert applies to. */
export type AlertScope = 'all' | 'floor' | 'autoscaled' | 'scaleToZero';

/** One alert: its key under monitoring.rules.alerts, defaults, and texts. */
export interface AlertRule {
  key: string;
  alert: string;
  /** all: every worker that can have a pod; floor: at least one pod always; autoscaled: HPA or
   *  KEDA; scaleToZero: KEDA with minReplicas 0. */
  scope: AlertScope;
  for: string;
  severity: string;
  /** The default threshold (argument 3), for the alerts that have one. */
  threshold?: number;
  expr: string;
  summary: string;
  description: string;
}

const REJECTED = `${M.rejected}{%[1]s}`;

/** The alerts per worker, in the order they render. */
export const ALERTS: readonly AlertRule[] = [
  {
    key: 'backlog',
    alert: 'TaskBackendBacklogHigh',
    scope: 'all',
    for: '15m',
    severity: 'warning',
    threshold: 10,
    expr: `${RECORDS.backlog}{%[1]s} / %[2]s > %[3]s`,
    summary: 'Worker %[7]s: more than %[3]s jobs wait per job slot at full scale',
    description:
      '{{ $value | humanize }} jobs wait per job slot of worker %[7]s at full scale (%[2]s slots: concurrency %[8]s x %[5]s replicas), so its queues take long to drain even at max scale. Raise maxReplicas or concurrency, or look for slow jobs.',
  },
  {
    key: 'down',
    alert: 'TaskBackendWorkerDown',
    scope: 'floor',
    for: '5m',
    severity: 'critical',
    expr: `${RECORDS.ready}{%[1]s} < 1 or absent(${M.ready}{%[1]s})`,
    summary: 'Worker %[7]s: no pod is ready',
    description:
      'No pod of worker %[7]s is ready, or none is scraped, though it should run at least one: jobs of its queues wait. Look at the pods (events, logs) and at the broker.',
  },
  {
    key: 'failing',
    alert: 'TaskBackendJobsFailing',
    scope: 'all',
    for: '10m',
    severity: 'warning',
    threshold: 0.25,
    expr: `${RECORDS.failureRatio}{%[1]s} > %[3]s`,
    summary: 'Worker %[7]s: more than %[3]s of job attempts fail',
    description:
      '{{ $value | humanizePercentage }} of the job attempts of worker %[7]s failed over the last %[4]s (threshold %[3]s). The worker logs each failure with its task.',
  },
  {
    key: 'rejected',
    alert: 'TaskBackendJobsRejected',
    scope: 'all',
    for: '0s',
    severity: 'warning',
    // increase() misses a series' first sample, and a refused task's series starts at its first refusal.
    expr: `sum by (${NAMESPACE_LABEL}, worker, task, queue) (increase(${REJECTED}[%[4]s]) > 0 or (${REJECTED} > 0 unless ${REJECTED} offset %[4]s))`,
    summary: 'Worker %[7]s refuses jobs of task {{ $labels.task }}',
    description:
      'Worker %[7]s took jobs of task {{ $labels.task }} from queue {{ $labels.queue }} that it does not serve (BullMQ cannot filter a queue by task): they are in the failed set with the reason, and no enabled worker that serves the task consumes that queue. Route the task to a queue of its own, or serve it.',
  },
  {
    key: 'maxedOut',
    alert: 'TaskBackendMaxedOut',
    scope: 'autoscaled',
    for: '15m',
    severity: 'warning',
    expr: `${RECORDS.pods}{%[1]s} >= %[5]s and deriv(${RECORDS.backlog}{%[1]s}[%[4]s]) > 0`,
    summary: 'Worker %[7]s: at its max of %[5]s replicas and the backlog still grows',
    description:
      'Worker %[7]s runs %[5]s pods, its autoscaling maximum, and its backlog has kept growing. Raise autoscaling.maxReplicas or concurrency, or find what slows its jobs.',
  },
  {
    key: 'stuckAtZero',
    alert: 'TaskBackendStuckAtZero',
    scope: 'scaleToZero',
    for: '10m',
    severity: 'warning',
    expr: `max(keda_scaler_active{%[6]s}) > 0 unless on () ${RECORDS.ready}{%[1]s} > 0`,
    summary: 'Worker %[7]s: KEDA sees work waiting but no pod is ready',
    description:
      "KEDA reports the triggers of worker %[7]s active (jobs wait), yet no pod of it has been ready for this long. Look at the ScaledObject's status and events, the HPA, and pods that fail to start.",
  },
];
