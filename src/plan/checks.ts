// Checks on one resolved worker that JSON Schema cannot express, each with its own code.
import { formatMessage } from '../contract/codes.js';
import { runsOurWorker } from '../contract/celery.js';
import { CONTAINER } from '../contract/defaults.js';
import { ENV } from '../contract/env.js';
import { MAX_NAME } from '../contract/names.js';
import { diag, toPointer, type Diagnostic } from '../values/diagnostics.js';
import type { Values } from '../values/model.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from '../values/locate.js';
import { isHpa } from './autoscaling.js';
import { checkCelery } from './checks-celery.js';
import { checkEnv } from './checks-env.js';
import { SCALING_CHECKS } from './checks-scaling.js';
import { parseQuantity } from './quantity.js';

type Check = (w: ResolvedWorker, at: Locator, values: Values) => Diagnostic[];

const ptr = (w: string, ...p: (string | number)[]) => toPointer(['workers', w, ...p]);

const nameLength: Check = (w, at) =>
  w.objectName.length <= MAX_NAME
    ? []
    : [
        diag(
          'NAME_TOO_LONG',
          formatMessage('NAME_TOO_LONG', w.name, w.objectName, w.objectName.length, MAX_NAME),
          at(w.name, [], { key: true }),
          ptr(w.name),
          `shorten the worker name by ${w.objectName.length - MAX_NAME} character${w.objectName.length - MAX_NAME === 1 ? '' : 's'}, or set fullnameOverride`,
        ),
      ];

const mixedResources: Check = (w, at) => {
  const r = w.spec.resources as Record<string, unknown> | undefined;
  if (!r || !('cpu' in r || 'memory' in r) || !('requests' in r || 'limits' in r)) return [];
  return [
    diag(
      'MIXED_RESOURCE_FORMS',
      formatMessage('MIXED_RESOURCE_FORMS', w.name),
      at(w.name, ['resources'], { key: true }),
      ptr(w.name, 'resources'),
      'use one form: flat memory/cpu sets both requests and limits',
    ),
  ];
};

const requestsWithinLimits: Check = (w, at) => {
  const req = w.spec.resources?.requests ?? {};
  const lim = w.spec.resources?.limits ?? {};
  return (['cpu', 'memory'] as const).flatMap((k) => {
    const r = req[k],
      l = lim[k];
    if (r === undefined || l === undefined) return [];
    const rv = parseQuantity(r),
      lv = parseQuantity(l);
    if (rv === undefined || lv === undefined || rv <= lv) return [];
    return [
      diag(
        'REQUEST_ABOVE_LIMIT',
        formatMessage('REQUEST_ABOVE_LIMIT', w.name, k, r, l),
        at(w.name, ['resources', 'requests', k]),
        ptr(w.name, 'resources', 'requests', k),
        `raise limits.${k} to at least ${String(r)} or lower the request`,
      ),
    ];
  });
};

const autoscaling: Check = (w, at) => {
  const a = w.spec.autoscaling;
  if (!a?.enabled) return [];
  if (a.maxReplicas === undefined) {
    return [
      diag(
        'AUTOSCALING_MAX_REQUIRED',
        formatMessage('AUTOSCALING_MAX_REQUIRED', w.name),
        at(w.name, ['autoscaling'], { key: true }),
        ptr(w.name, 'autoscaling'),
        'set autoscaling.maxReplicas',
      ),
    ];
  }
  const min = w.settings.autoscaling?.minReplicas as number;
  const out: Diagnostic[] = [];
  if (min > a.maxReplicas) {
    out.push(
      diag(
        'HPA_MIN_ABOVE_MAX',
        formatMessage('HPA_MIN_ABOVE_MAX', w.name, min, a.maxReplicas),
        at(w.name, ['autoscaling', 'minReplicas']),
        ptr(w.name, 'autoscaling', 'minReplicas'),
        `set minReplicas <= ${a.maxReplicas}`,
      ),
    );
  }
  const usesCpu = a.targetCPUUtilizationPercentage !== undefined || a.targetMemoryUtilizationPercentage === undefined;
  if (isHpa(w) && usesCpu && w.spec.resources?.requests?.cpu === undefined) {
    out.push(
      diag(
        'HPA_WITHOUT_CPU_REQUEST',
        `worker \`${w.name}\` scales on CPU utilisation but requests no CPU; the HPA cannot compute it`,
        at(w.name, ['autoscaling'], { key: true }),
        ptr(w.name, 'autoscaling'),
        'set resources.requests.cpu',
      ),
    );
  }
  return out;
};

const selection: Check = (w, at) => {
  const s = w.spec;
  const out: Diagnostic[] = [];
  const pairs = [
    ['tasks', 'excludeTasks', 'TASK_INCLUDED_AND_EXCLUDED'],
    ['queues', 'excludeQueues', 'QUEUE_INCLUDED_AND_EXCLUDED'],
  ] as const;
  for (const [inc, exc, code] of pairs) {
    const excluded = new Set(s[exc] ?? []);
    (s[inc] ?? []).forEach((n, i) => {
      if (excluded.has(n))
        out.push(
          diag(
            code,
            formatMessage(code, w.name, n),
            at(w.name, [inc, i]),
            ptr(w.name, inc, i),
            `remove \`${n}\` from ${inc} or from ${exc}`,
          ),
        );
    });
  }
  if (!s.tasks && !s.queues && !s.excludeTasks?.length && !s.excludeQueues?.length) {
    out.push(
      diag(
        'WORKER_SERVES_EVERYTHING',
        `worker \`${w.name}\` lists no tasks or queues, so it serves every task, present and future`,
        at(w.name, [], { key: true }),
        ptr(w.name),
        'list its tasks (or queues); to serve everything on purpose, exclude what it must not run with excludeTasks',
      ),
    );
  }
  return out;
};

// task-backend-worker (either backend) exits 2 without an app module; tb-gen sets TASK_BACKEND_APP
// from taskConfig.app. Only the project's own image is known to lack one: a custom image may bake
// TASK_BACKEND_APP in. A `runtime: celery` worker runs the image's Python Celery instead.
const app: Check = (w, at, values) => {
  const tc = values.taskConfig ?? {};
  if (!runsOurWorker(w) || tc.app) return [];
  if (w.settings.image.repository !== CONTAINER.repository) return [];
  if ((w.spec.env ?? []).some((e) => e.name === ENV.app)) return [];
  return [
    diag(
      'MISSING_APP',
      formatMessage('MISSING_APP', w.name),
      at(w.name, [], { key: true }),
      ptr(w.name),
      'set taskConfig.app to a Node task app that registers the task names (e.g. dist/app/tasks.js), or run your Python Celery app: runtime: celery with celery.app and your Python image',
    ),
  ];
};

const CHECKS: readonly Check[] = [
  nameLength,
  mixedResources,
  requestsWithinLimits,
  autoscaling,
  ...SCALING_CHECKS,
  selection,
  app,
  checkEnv,
  checkCelery,
];

/** Every per-worker check for an enabled worker. */
export const checkWorker = (w: ResolvedWorker, at: Locator, values: Values): Diagnostic[] => CHECKS.flatMap((c) => c(w, at, values));
