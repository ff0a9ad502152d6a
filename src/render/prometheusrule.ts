// Alert and recording rules per worker, derived from the plan: what no generic mixin knows, each
// worker's capacity (concurrency x max replicas), whether it must always run a pod, autoscales, or
// scales to zero with KEDA. One rule group per worker; the same groups render as a Prometheus
// Operator PrometheusRule (render) and as a plain rule file (`tb-gen rules`). The rule texts live
// in src/contract/monitoring/rules.ts, which the chart fills in the same way.
import { ALERTS, fill, NAMESPACE_LABEL, RECORDING_RULES, type AlertRule, type RuleArgs } from '../contract/monitoring/rules.js';
import { canHaveReplica, isKeda } from '../plan/autoscaling.js';
import { sortKeys } from '../contract/shapes.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { runsOurWorker } from '../contract/celery.js';
import { releaseLabels } from './labels.js';

type Obj = Record<string, unknown>;

/** What a worker's rules are computed from. */
export interface WorkerFacts {
  concurrency: number;
  /** Replicas at full scale: maxReplicas when autoscaled, else replicas. */
  max: number;
  /** Replicas it always runs: minReplicas when autoscaled, else replicas. */
  floor: number;
  autoscaled: boolean;
  keda: boolean;
}

/** The facts of one worker, as the chart computes them too (chart/templates/prometheusrule.yaml). */
export function workerFacts(w: ResolvedWorker): WorkerFacts {
  const { autoscaling: a, replicas, concurrency } = w.settings;
  return {
    concurrency,
    max: a ? (a.maxReplicas ?? replicas) : replicas,
    floor: a ? a.minReplicas : replicas,
    autoscaled: a !== undefined,
    keda: isKeda(w),
  };
}

const inScope = (a: AlertRule, f: WorkerFacts): boolean =>
  a.scope === 'all' ||
  (a.scope === 'floor' && f.floor > 0) ||
  (a.scope === 'autoscaled' && f.autoscaled) ||
  (a.scope === 'scaleToZero' && f.keda && f.floor === 0);

/** PromQL matchers of name=value pairs (values are DNS names here: nothing to escape). */
const matchers = (pairs: Array<[string, string]>): string => pairs.map(([k, v]) => `${k}="${v}"`).join(',');

function ruleArgs(plan: Plan, w: ResolvedWorker, f: WorkerFacts, threshold: number | undefined): RuleArgs {
  const m = plan.settings.monitoring;
  const ns: Array<[string, string]> = plan.namespace ? [[NAMESPACE_LABEL, plan.namespace]] : [];
  const kedaNs: Array<[string, string]> = plan.namespace ? [[m.kedaNamespaceLabel, plan.namespace]] : [];
  return [
    matchers([...ns, ['worker', w.name]]),
    String(f.concurrency * f.max),
    threshold === undefined ? '' : String(threshold),
    m.rateWindow,
    String(f.max),
    matchers([...kedaNs, ['scaledObject', w.objectName]]),
    w.name,
    String(f.concurrency),
  ];
}

/** One worker's group: its recording rules, then the alerts that apply to it and are enabled. */
function group(plan: Plan, w: ResolvedWorker): Obj {
  const r = plan.values.monitoring?.rules ?? {};
  const f = workerFacts(w);
  const base = ruleArgs(plan, w, f, undefined);
  // The worker label on each record too: promtool rejects one record name with the same labels in two groups.
  const rules: Obj[] = RECORDING_RULES.map((x) => ({ record: x.record, expr: fill(x.expr, base), labels: { worker: w.name } }));
  for (const a of ALERTS) {
    const set = plan.settings.monitoring.alerts[a.key];
    if (!set?.enabled || !inScope(a, f)) continue;
    const args = ruleArgs(plan, w, f, set.threshold);
    rules.push({
      alert: a.alert,
      expr: fill(a.expr, args),
      for: set.for,
      labels: sortKeys({ ...(r.alertLabels ?? {}), severity: set.severity, worker: w.name }),
      annotations: { description: fill(a.description, args), summary: fill(a.summary, args) },
    });
  }
  return { name: w.objectName, rules };
}

/** The rule groups, one per enabled worker that runs task-backend-worker (which exports the series) and can run a pod. */
export function ruleGroups(plan: Plan): Obj[] {
  return plan.workers.filter((w) => runsOurWorker(w) && canHaveReplica(w)).map((w) => group(plan, w));
}

/** The PrometheusRule, when monitoring.rules.enabled. */
export function prometheusRule(plan: Plan): Obj | undefined {
  const r = plan.values.monitoring?.rules ?? {};
  const groups = r.enabled ? ruleGroups(plan) : [];
  if (groups.length === 0) return undefined;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: plan.fullname,
      ...(plan.namespace ? { namespace: plan.namespace } : {}),
      labels: sortKeys({ ...(r.labels ?? {}), ...releaseLabels(plan) }),
    },
    spec: { groups },
  };
}
