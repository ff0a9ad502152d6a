// autoscaling/v2 HorizontalPodAutoscaler for a worker with autoscaling.enabled.
import { isHpa } from '../plan/autoscaling.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { metadata } from './deployment.js';

const resourceMetric = (name: 'cpu' | 'memory', averageUtilization: number) => ({
  type: 'Resource',
  resource: { name, target: { type: 'Utilization', averageUtilization } },
});

/** The HPA, or undefined when the worker does not autoscale. */
export function hpa(plan: Plan, w: ResolvedWorker): Record<string, unknown> | undefined {
  const a = w.settings.autoscaling;
  const memory = w.spec.autoscaling?.targetMemoryUtilizationPercentage;
  if (!a || !isHpa(w) || a.maxReplicas === undefined) return undefined;
  const metrics = [
    ...(a.cpuTarget !== undefined ? [resourceMetric('cpu', a.cpuTarget)] : []),
    ...(memory !== undefined ? [resourceMetric('memory', memory)] : []),
  ];
  const behavior = w.spec.autoscaling?.behavior;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(plan, w),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.objectName },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics,
      ...(behavior && Object.keys(behavior).length ? { behavior } : {}),
    },
  };
}
