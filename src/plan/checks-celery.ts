// Checks of a worker whose image is a Python Celery app (runtime: celery): what it needs to start
// (a Celery broker, an app, a Python image), and the pitfalls that lose or repeat tasks.
import { CELERY, CELERY_BACKEND, runsPythonCelery } from '../contract/celery.js';
import { formatMessage } from '../contract/codes.js';
import { CONTAINER } from '../contract/defaults.js';
import { onRabbitBroker } from './rabbitmq.js';
import { backendOf } from './resolve.js';
import { diag, toPointer, type Diagnostic } from '../values/diagnostics.js';
import type { Values } from '../values/model.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from '../values/locate.js';

type Check = (w: ResolvedWorker, at: Locator, values: Values) => Diagnostic[];
const ptr = (w: string, ...p: (string | number)[]) => toPointer(['workers', w, ...p]);
// The longest part of a path the resolved worker sets: a check about an unset key points at its parent.
function near(w: ResolvedWorker, path: readonly string[]): string[] {
  let node: unknown = w.spec;
  const out: string[] = [];
  for (const k of path) {
    if (!node || typeof node !== 'object' || !(k in node)) break;
    node = (node as Record<string, unknown>)[k];
    out.push(k);
  }
  return out.length ? out : ['runtime'];
}
const where = (w: ResolvedWorker, at: Locator, path: readonly string[]) => {
  const p = near(w, path);
  return { pos: at(w.name, p, { key: true }), pointer: ptr(w.name, ...p) };
};

// Errors: the pod could not run, or would read no message. The chart fails on the same (_checks-celery.tpl).
const needs: Check = (w, at, values) => {
  const backend = backendOf(values);
  const repo = w.settings.image.repository;
  const out: Diagnostic[] = [];
  const add = (code: Parameters<typeof diag>[0], msg: string, path: string[], hint: string) =>
    out.push(diag(code, msg, at(w.name, path, { key: true }), ptr(w.name, ...path), hint));
  if (backend !== CELERY_BACKEND)
    add(
      'CELERY_NEEDS_CELERY_BACKEND',
      formatMessage('CELERY_NEEDS_CELERY_BACKEND', w.name, backend),
      ['runtime'],
      'set taskConfig.backend_type: celery, or runtime: task-backend-worker',
    );
  if (!w.spec.celery?.app)
    add(
      'CELERY_APP_MISSING',
      formatMessage('CELERY_APP_MISSING', w.name),
      ['runtime'],
      'set celery.app to the module -A loads (e.g. backend), here or in defaults',
    );
  if (repo === CONTAINER.repository)
    add(
      'CELERY_IMAGE_NOT_PYTHON',
      formatMessage('CELERY_IMAGE_NOT_PYTHON', w.name, repo),
      ['runtime'],
      "set image.repository (the worker's or the top-level one) to your Python Celery app's image, or runtime: task-backend-worker",
    );
  return out;
};

const acksLate: Check = (w, at) =>
  w.spec.celery?.acksLate === true
    ? []
    : [
        diag(
          'CELERY_ACKS_LATE_OFF',
          `worker \`${w.name}\` runs Celery without celery.acksLate: true: unless the app sets task_acks_late, a task is acknowledged when it starts, so while it runs KEDA counts it nowhere and a killed pod (grace period over, eviction, OOM) loses it`,
          where(w, at, ['celery', 'acksLate']).pos,
          where(w, at, ['celery', 'acksLate']).pointer,
          'set celery.acksLate: true (tasks must then be safe to run again)',
        ),
      ];

// With acks_late the message stays in kombu's `unacked` hash while the task runs; once it is older
// than the visibility timeout a worker delivers it again (Redis broker only; RabbitMQ has none).
const visibility: Check = (w, at, values) => {
  const c = w.spec.celery ?? {};
  if (c.acksLate !== true || onRabbitBroker(values)) return [];
  const vt = Number(c.brokerTransportOptions?.visibility_timeout ?? CELERY.defaultVisibilityTimeout);
  const grace = w.settings.grace;
  const [what, longest] = (c.timeLimit ?? 0) > grace ? ['celery.timeLimit', c.timeLimit as number] : ['the grace period', grace];
  if (!(vt <= longest)) return [];
  return [
    diag(
      'CELERY_VISIBILITY_TIMEOUT_SHORT',
      `worker \`${w.name}\`: the visibility timeout (${vt} s) is not above ${what} (${longest} s), so kombu delivers a task again while it still runs, and it runs twice`,
      where(w, at, ['celery', 'brokerTransportOptions']).pos,
      where(w, at, ['celery', 'brokerTransportOptions']).pointer,
      `set celery.brokerTransportOptions.visibility_timeout above ${longest}`,
    ),
  ];
};

const prefetch: Check = (w, at) => {
  const n = w.spec.celery?.prefetchMultiplier ?? CELERY.defaultPrefetchMultiplier;
  if (!w.spec.autoscaling?.enabled || n <= 1) return [];
  return [
    diag(
      'CELERY_PREFETCH_WITH_AUTOSCALING',
      `worker \`${w.name}\` autoscales, but each Celery pool process reserves ${n} messages ahead (prefetch multiplier): reserved tasks leave the queue the autoscaler reads, so a busy pod holds work that new pods never get`,
      where(w, at, ['celery', 'prefetchMultiplier']).pos,
      where(w, at, ['celery', 'prefetchMultiplier']).pointer,
      'set celery.prefetchMultiplier: 1',
    ),
  ];
};

/** The checks of a Celery worker, in order; none for other runtimes. */
export const checkCelery: Check = (w, at, values) =>
  runsPythonCelery(w) ? [needs, acksLate, visibility, prefetch].flatMap((c) => c(w, at, values)) : [];
