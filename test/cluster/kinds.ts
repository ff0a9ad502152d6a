// The kinds tb-gen and the chart render, and where the API server keeps them.

/** kind -> [apiVersion, resource]. */
export const KINDS: Record<string, [string, string]> = {
  PodDisruptionBudget: ['policy/v1', 'poddisruptionbudgets'],
  ServiceAccount: ['v1', 'serviceaccounts'],
  ConfigMap: ['v1', 'configmaps'],
  Deployment: ['apps/v1', 'deployments'],
  HorizontalPodAutoscaler: ['autoscaling/v2', 'horizontalpodautoscalers'],
  PodMonitor: ['monitoring.coreos.com/v1', 'podmonitors'],
  PrometheusRule: ['monitoring.coreos.com/v1', 'prometheusrules'],
  ScaledObject: ['keda.sh/v1alpha1', 'scaledobjects'],
  TriggerAuthentication: ['keda.sh/v1alpha1', 'triggerauthentications'],
};

/** The REST path of a kind's collection in a namespace, or of one object with `name`. */
export function kindPath(kind: string, ns: string, name?: string): string {
  const entry = KINDS[kind];
  if (!entry) throw new Error(`no REST path known for kind ${kind}`);
  const [apiVersion, resource] = entry;
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}/namespaces/${ns}/${resource}${name ? `/${name}` : ''}`;
}
