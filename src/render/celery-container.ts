// The parts of the container that differ for a worker whose image is a Python Celery app
// (runtime: celery): Celery's own command line, its broker variable and a probe that fits it.
import { CELERY, celeryArgs, celeryProbeCommand } from '../contract/celery.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { consumedQueues } from './queues.js';

type Obj = Record<string, unknown>;

/** `celery` and its args: `-A app worker -Q <consumed queues> --hostname <worker>@%h ...`. */
export function celeryCommand(plan: Plan, w: ResolvedWorker): { command: string[]; args: string[] } {
  const queues = consumedQueues(plan, w);
  return { command: [CELERY.command], args: celeryArgs(w.name, queues, w.settings.concurrency, w.spec.celery ?? {}) };
}

/** CELERY_BROKER_URL from the same source as the worker's broker URL: Celery reads it over the app's own. */
export function celeryBrokerEnv(plan: Plan): Obj[] {
  const tc = plan.values.taskConfig ?? {};
  if (tc.brokerSecret)
    return [{ name: CELERY.brokerEnv, valueFrom: { secretKeyRef: { name: tc.brokerSecret.name, key: tc.brokerSecret.key } } }];
  return tc.broker_url ? [{ name: CELERY.brokerEnv, value: tc.broker_url }] : [];
}

/** Liveness: `celery inspect ping` of this pod's worker, tuned by probes.liveness. */
export function celeryLiveness(w: ResolvedWorker): Obj {
  const t = w.settings.probes.liveness;
  return {
    exec: { command: celeryProbeCommand(w.spec.celery?.app ?? '', w.name) },
    periodSeconds: t.periodSeconds,
    timeoutSeconds: t.timeoutSeconds,
    failureThreshold: t.failureThreshold,
    ...(t.initialDelaySeconds !== undefined ? { initialDelaySeconds: t.initialDelaySeconds } : {}),
    ...(t.successThreshold !== undefined ? { successThreshold: t.successThreshold } : {}),
  };
}
