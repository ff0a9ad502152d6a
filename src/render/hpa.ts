// autoscaling/v2 HorizontalPodAutoscaler for a worker with autoscaling.enabled.
import { isHpa } from '../config/autoscaling.js';
import type { Plan, ResolvedWorker } from '../config/model.js';
import { DEFAULT_CPU_TARGET, DEFAULT_MIN_REPLICAS } from '../contract/defaults.js';
import { metadata } from './deployment.js';

const resourceMetric = (name: 'cpu' | 'memory', averageUtilization: number) => ({
  type: 'Resource',
  resource: { name, target: { type: 'Utilization', averageUtilization } },
});

/** The HPA, or undefined when the worker does not autoscale. */
export function hpa(plan: Plan, w: ResolvedWorker): Record<string, unknown> | undefined {
  const a = w.spec.autoscaling;
  if (!a?.enabled || !isHpa(w) || a.maxReplicas === undefined) return undefined;
  const cpu = a.targetCPUUtilizationPercentage ?? (a.targetMemoryUtilizationPercentage === undefined ? DEFAULT_CPU_TARGET : undefined);
  const metrics = [
    ...(cpu !== undefined ? [resourceMetric('cpu', cpu)] : []),
    ...(a.targetMemoryUtilizationPercentage !== undefined ? [resourceMetric('memory', a.targetMemoryUtilizationPercentage)] : []),
  ];
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(plan, w),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.objectName },
      minReplicas: a.minReplicas ?? DEFAULT_MIN_REPLICAS,
      maxReplicas: a.maxReplicas,
      metrics,
      ...(a.behavior && Object.keys(a.behavior).length ? { behavior: a.behavior } : {}),
    },
  };
}
