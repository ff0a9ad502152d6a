// The Grafana dashboard of a release's workers, in a ConfigMap labelled the way the Grafana
// sidecar of kube-prometheus-stack finds dashboards (grafana_dashboard: "1" by default). The model
// is the contract's (src/contract/monitoring/dashboard.ts); this adds the release's title, uid and workers.
import { createHash } from 'node:crypto';
import { DASHBOARD, WORKER_VAR_INDEX } from '../contract/monitoring/dashboard.js';
import { MONITORING } from '../contract/monitoring/rules.js';
import { sortKeys } from '../contract/shapes.js';
import type { Plan } from '../plan/model.js';
import { anyRunsOurWorker } from './container.js';
import { releaseLabels } from './labels.js';

type Obj = Record<string, unknown>;

/** The dashboard JSON: keys sorted, two-space indent, <>& escaped, as the chart's toPrettyJson writes it. */
export function prettyJson(v: unknown): string {
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };
  return JSON.stringify(sortKeys(v), null, 2).replace(/[<>&]/g, (c) => escapes[c] as string);
}

/** Grafana's uid (40 characters at most): a hash of namespace/fullname, so releases never share one. */
export const dashboardUid = (plan: Plan): string =>
  `tb-${createHash('sha256')
    .update(`${plan.namespace ?? ''}/${plan.fullname}`)
    .digest('hex')
    .slice(0, 20)}`;

/** The release's dashboard model. */
export function dashboardModel(plan: Plan): Obj {
  const model = structuredClone(DASHBOARD) as typeof DASHBOARD & { templating: { list: Obj[] } };
  model.title = `Task workers: ${plan.fullname}${plan.namespace ? ` (${plan.namespace})` : ''}`;
  model.uid = dashboardUid(plan);
  (model.templating.list[WORKER_VAR_INDEX] as Obj).query = plan.workers.map((w) => w.name).join(',');
  return model;
}

/** The dashboard ConfigMap, when monitoring.dashboards.enabled and the workers export our series. */
export function dashboardConfigMap(plan: Plan): Obj | undefined {
  const d = plan.values.monitoring?.dashboards ?? {};
  if (!d.enabled || !anyRunsOurWorker(plan)) return undefined;
  const { name, value } = MONITORING.dashboardLabel;
  const key = `${plan.namespace ? `${plan.namespace}-` : ''}${plan.fullname}.json`;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${plan.fullname}${MONITORING.dashboardSuffix}`,
      ...(plan.namespace ? { namespace: plan.namespace } : {}),
      labels: sortKeys({ [name]: value, ...(d.labels ?? {}), ...releaseLabels(plan) }),
      ...(d.annotations && Object.keys(d.annotations).length ? { annotations: sortKeys({ ...d.annotations }) } : {}),
    },
    data: { [key]: prettyJson(dashboardModel(plan)) },
  };
}
