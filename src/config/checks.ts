// Checks on one resolved worker that JSON Schema cannot express, each with its own code.
import { MAX_NAME } from '../render/names.js';
import { diag, type Diagnostic } from './diagnostics.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from './normalize.js';
import { parseQuantity } from './quantity.js';

type Check = (w: ResolvedWorker, at: Locator) => Diagnostic[];

const ptr = (w: string, ...p: (string | number)[]) => `/workers/${w}${p.map((s) => '/' + String(s)).join('')}`;

const nameLength: Check = (w, at) =>
  w.objectName.length <= MAX_NAME ? [] : [diag('error', 'NAME_TOO_LONG',
    `objects of worker \`${w.name}\` would be named \`${w.objectName}\` (${w.objectName.length} characters; Kubernetes allows ${MAX_NAME})`,
    at(w.name, [], { key: true }), ptr(w.name), `shorten the worker name by ${w.objectName.length - MAX_NAME} character${w.objectName.length - MAX_NAME === 1 ? '' : 's'}, or set fullnameOverride`)];

const mixedResources: Check = (w, at) => {
  const r = w.spec.resources as Record<string, unknown> | undefined;
  if (!r || !(('cpu' in r) || ('memory' in r)) || !(('requests' in r) || ('limits' in r))) return [];
  return [diag('error', 'MIXED_RESOURCE_FORMS', `worker \`${w.name}\` mixes the flat {memory, cpu} form with {requests, limits}`,
    at(w.name, ['resources'], { key: true }), ptr(w.name, 'resources'), 'use one form: flat memory/cpu sets both requests and limits')];
};

const requestsWithinLimits: Check = (w, at) => {
  const req = w.spec.resources?.requests ?? {};
  const lim = w.spec.resources?.limits ?? {};
  return (['cpu', 'memory'] as const).flatMap((k) => {
    const r = req[k], l = lim[k];
    if (r === undefined || l === undefined) return [];
    const rv = parseQuantity(r), lv = parseQuantity(l);
    if (rv === undefined || lv === undefined || rv <= lv) return [];
    return [diag('error', 'REQUEST_ABOVE_LIMIT', `worker \`${w.name}\` requests ${k} ${String(r)}, above its limit ${String(l)}`,
      at(w.name, ['resources', 'requests', k]), ptr(w.name, 'resources', 'requests', k), `raise limits.${k} to at least ${String(r)} or lower the request`)];
  });
};

const autoscaling: Check = (w, at) => {
  const a = w.spec.autoscaling;
  if (!a?.enabled) return [];
  if (a.maxReplicas === undefined) {
    return [diag('error', 'AUTOSCALING_MAX_REQUIRED', `worker \`${w.name}\` enables autoscaling without maxReplicas`,
      at(w.name, ['autoscaling'], { key: true }), ptr(w.name, 'autoscaling'), 'set autoscaling.maxReplicas')];
  }
  const min = a.minReplicas ?? 1;
  const out: Diagnostic[] = [];
  if (min > a.maxReplicas) {
    out.push(diag('error', 'HPA_MIN_ABOVE_MAX', `worker \`${w.name}\`: autoscaling.minReplicas ${min} is above maxReplicas ${a.maxReplicas}`,
      at(w.name, ['autoscaling', 'minReplicas']), ptr(w.name, 'autoscaling', 'minReplicas'), `set minReplicas <= ${a.maxReplicas}`));
  }
  const usesCpu = a.targetCPUUtilizationPercentage !== undefined || a.targetMemoryUtilizationPercentage === undefined;
  if (usesCpu && w.spec.resources?.requests?.cpu === undefined) {
    out.push(diag('warning', 'HPA_WITHOUT_CPU_REQUEST', `worker \`${w.name}\` scales on CPU utilisation but requests no CPU; the HPA cannot compute it`,
      at(w.name, ['autoscaling'], { key: true }), ptr(w.name, 'autoscaling'), 'set resources.requests.cpu'));
  }
  return out;
};

const selection: Check = (w, at) => {
  const s = w.spec;
  const out: Diagnostic[] = [];
  const pairs = [['tasks', 'excludeTasks', 'task'], ['queues', 'excludeQueues', 'queue']] as const;
  for (const [inc, exc, what] of pairs) {
    const excluded = new Set(s[exc] ?? []);
    (s[inc] ?? []).forEach((n, i) => {
      if (excluded.has(n)) {
        out.push(diag('error', what === 'task' ? 'TASK_INCLUDED_AND_EXCLUDED' : 'QUEUE_INCLUDED_AND_EXCLUDED',
          `worker \`${w.name}\` both includes and excludes ${what} \`${n}\``, at(w.name, [inc, i]), ptr(w.name, inc, i), `remove \`${n}\` from ${inc} or from ${exc}`));
      }
    });
    const list = s[inc];
    if (list !== undefined && list.every((n) => excluded.has(n))) {
      out.push(diag('error', 'WORKER_SERVES_NOTHING', `worker \`${w.name}\` serves no ${what}: ${inc} is ${list.length ? 'entirely excluded' : 'empty'}`,
        at(w.name, [inc], { key: true }), ptr(w.name, inc), `list at least one ${what}, or remove ${inc} to serve every ${what} not excluded`));
    }
  }
  return out;
};

const CHECKS: readonly Check[] = [nameLength, mixedResources, requestsWithinLimits, autoscaling, selection];

/** Every per-worker check for an enabled worker. */
export const checkWorker = (w: ResolvedWorker, at: Locator): Diagnostic[] => CHECKS.flatMap((c) => c(w, at));
