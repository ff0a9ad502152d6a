// monitoring: alert and recording rules per worker, and the Grafana dashboard (docs/operations.md).
// The alerts and their defaults are src/contract/monitoring/rules.ts's.
import * as MON from '../../contract/monitoring/rules.js';
import * as N from '../../contract/names.js';
import { bool, num, obj, str } from './build.js';
import { annotationMap, DURATION, labelMap } from './common.js';

const LABEL_NAME = '^[a-zA-Z_][a-zA-Z0-9_]*$';

// The threshold of the alerts that have one: a backlog per job slot, or a share of attempts.
const threshold = (a: MON.AlertRule, byDefault: number) =>
  num(
    `${a.key === 'backlog' ? 'Jobs waiting per job slot at full scale (concurrency x max replicas)' : 'Share of job attempts that fail'} above which it fires (default ${byDefault}).`,
    0.001,
    a.key === 'backlog' ? 100000 : 1,
  );

/** One alert's settings under monitoring.rules.alerts. */
export const alertSettings = (a: MON.AlertRule) =>
  obj(`${a.alert}: ${a.summary.replace(/%\[\d\]s/g, '…')} (docs/operations.md).`, {
    enabled: bool(`Render this alert (default true, for the workers it applies to).`),
    for: str(`How long the condition holds before the alert fires, a Prometheus duration (default ${a.for}).`, { pattern: DURATION }),
    severity: str(`The alert's severity label (default ${a.severity}).`, { pattern: N.LABEL_VALUE.source, minLength: 1 }),
    ...(a.threshold === undefined ? {} : { threshold: threshold(a, a.threshold) }),
  });

const rules = obj(
  'A Prometheus Operator PrometheusRule with recording rules and alerts per worker, derived from its capacity and scaling (tb-gen rules prints the same groups as a plain rule file).',
  {
    enabled: bool('Render the PrometheusRule (needs the monitoring.coreos.com CRDs; the workers must be scraped, e.g. by podMonitor).'),
    labels: labelMap("Labels on the PrometheusRule (for the Prometheus ruleSelector, e.g. kube-prometheus-stack's release label)."),
    alertLabels: labelMap('Labels added to every alert (e.g. team, for Alertmanager routing).'),
    rateWindow: str(
      `Window of rate(), increase() and deriv() in the rules, a Prometheus duration (default ${MON.MONITORING.rateWindow}).`,
      { pattern: DURATION },
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
);

const { dashboardLabel } = MON.MONITORING;

/** Operating the workers: rules and a dashboard. */
export const monitoring = obj('Operating the workers: alert and recording rules per worker, and a Grafana dashboard per release.', {
  rules,
  dashboards: obj(
    `A Grafana dashboard of the release's workers in a ConfigMap labelled ${dashboardLabel.name}: "${dashboardLabel.value}", which the Grafana sidecar of kube-prometheus-stack loads.`,
    {
      enabled: bool('Render the dashboard ConfigMap.'),
      labels: labelMap("Labels on the ConfigMap, over the sidecar's label (set it here when your sidecar looks for another value)."),
      annotations: annotationMap('Annotations on the ConfigMap (e.g. grafana_folder for the sidecar folderAnnotation).'),
    },
  ),
});
