// The Grafana dashboard of a release's workers: one model, which tb-gen and the chart both take
// and complete with the release's title, uid and workers (src/render/dashboard.ts and
// chart/templates/dashboard.yaml). Every query reads the series of src/contract/monitoring/metrics.ts.
import { METRIC_LABELS as L, METRICS as M } from './metrics.js';
import { NAMESPACE_LABEL } from './rules.js';

/** Grafana's dashboard JSON schema version this model is written in (Grafana 10.4 and 11.x). */
export const DASHBOARD_SCHEMA_VERSION = 39;

/** The template variables panels filter by; `worker` lists the release's workers (set per release). */
export const DASHBOARD_VARS = { datasource: 'datasource', namespace: NAMESPACE_LABEL, worker: L.worker } as const;
/** Index of the worker variable in templating.list, which the renderers fill in. */
export const WORKER_VAR_INDEX = 2;

const S = `${NAMESPACE_LABEL}=~"$${DASHBOARD_VARS.namespace}",${L.worker}=~"$${DASHBOARD_VARS.worker}"`;
const BY = `by (${L.worker})`;
const RATE = '$__rate_interval';
const DS = { type: 'prometheus', uid: `\${${DASHBOARD_VARS.datasource}}` };
const LEGEND = `{{${L.worker}}}`;

interface Query {
  expr: string;
  legend?: string;
}
const panel = (id: number, title: string, unit: string, description: string, queries: Query[]) => ({
  datasource: DS,
  description,
  fieldConfig: { defaults: { unit }, overrides: [] },
  gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
  id,
  options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  targets: queries.map((q, i) => ({
    datasource: DS,
    expr: q.expr,
    legendFormat: q.legend ?? LEGEND,
    refId: String.fromCharCode(65 + i),
  })),
  title,
  type: 'timeseries',
});

const rate = (metric: string) => `sum ${BY} (rate(${metric}{${S}}[${RATE}]))`;
const backlog = `sum ${BY} (max by (${L.worker}, ${L.queue}) (${M.waiting}{${S}}))`;

/** The panels, two to a row. */
const PANELS = [
  panel(1, 'Jobs completed per second', 'ops', 'Jobs that completed, per worker.', [{ expr: rate(M.completed) }]),
  panel(2, 'Failed attempts', 'percentunit', 'Share of job attempts that threw (BullMQ may retry them).', [
    { expr: `${rate(M.failed)} / (${rate(M.completed)} + ${rate(M.failed)})` },
  ]),
  panel(3, 'Backlog (jobs waiting)', 'short', 'Jobs waiting in the queues each worker consumes.', [{ expr: backlog }]),
  panel(4, 'Jobs waiting per job slot running', 'short', 'The backlog over the job slots of the pods running now.', [
    { expr: `${backlog} / sum ${BY} (${M.concurrency}{${S}})` },
  ]),
  panel(5, 'Jobs in flight and job slots', 'short', 'Jobs running, and the slots (concurrency x pods) they can use.', [
    { expr: `sum ${BY} (${M.inFlight}{${S}})`, legend: `${LEGEND} in flight` },
    { expr: `sum ${BY} (${M.concurrency}{${S}})`, legend: `${LEGEND} slots` },
  ]),
  panel(6, 'Job duration (p50, p95)', 's', 'Handler run time, from the duration histogram.', [
    { expr: `histogram_quantile(0.5, sum by (${L.worker}, le) (rate(${M.duration}_bucket{${S}}[${RATE}])))`, legend: `${LEGEND} p50` },
    { expr: `histogram_quantile(0.95, sum by (${L.worker}, le) (rate(${M.duration}_bucket{${S}}[${RATE}])))`, legend: `${LEGEND} p95` },
  ]),
  panel(7, 'Pods ready and scraped', 'short', 'Pods answering /readyz, and pods scraped.', [
    { expr: `sum ${BY} (${M.ready}{${S}})`, legend: `${LEGEND} ready` },
    { expr: `count ${BY} (${M.concurrency}{${S}})`, legend: `${LEGEND} scraped` },
  ]),
  panel(8, 'Jobs refused, per task', 'short', 'Jobs of a task the worker does not serve (TaskBackendJobsRejected).', [
    { expr: `sum by (${L.worker}, ${L.task}) (increase(${M.rejected}{${S}}[${RATE}]))`, legend: `${LEGEND} {{${L.task}}}` },
  ]),
  panel(9, 'Redis connected', 'short', 'The lowest value over the pods: 0 when any pod lost its connection.', [
    { expr: `min ${BY} (${M.redisConnected}{${S}})` },
  ]),
  panel(10, 'CPU', 'short', 'CPU seconds per second of the worker processes.', [{ expr: rate('process_cpu_seconds_total') }]),
  panel(11, 'Resident memory', 'bytes', 'Resident memory of the worker processes.', [
    { expr: `sum ${BY} (process_resident_memory_bytes{${S}})` },
  ]),
  panel(12, 'Event loop lag (p99)', 's', "The slowest pod's event-loop lag: a handler blocking it stalls every job of the pod.", [
    { expr: `max ${BY} (nodejs_eventloop_lag_p99_seconds{${S}})` },
  ]),
];

const ALL = { selected: true, text: 'All', value: '$__all' };

/** The model; the renderers set title, uid and templating.list[WORKER_VAR_INDEX].query. */
export const DASHBOARD = {
  annotations: { list: [] },
  description: 'task-backend-worker: throughput, failures, backlog against job slots, duration, pods and processes, per worker.',
  editable: true,
  graphTooltip: 1,
  links: [],
  panels: PANELS,
  refresh: '30s',
  schemaVersion: DASHBOARD_SCHEMA_VERSION,
  tags: ['task-backend'],
  templating: {
    list: [
      { hide: 0, label: 'Data source', name: DASHBOARD_VARS.datasource, query: 'prometheus', refresh: 1, type: 'datasource' },
      {
        allValue: '.*',
        current: ALL,
        datasource: DS,
        hide: 0,
        includeAll: true,
        label: 'Namespace',
        name: DASHBOARD_VARS.namespace,
        query: `label_values(${M.ready}, ${NAMESPACE_LABEL})`,
        refresh: 2,
        type: 'query',
      },
      { current: ALL, hide: 0, includeAll: true, label: 'Worker', multi: true, name: DASHBOARD_VARS.worker, query: '', type: 'custom' },
    ],
  },
  time: { from: 'now-6h', to: 'now' },
  timezone: 'browser',
  title: '',
  uid: '',
  version: 1,
};
