// Mistakes and pitfalls of workers whose image is a Python Celery app (runtime: celery):
// src/plan/checks-celery.ts, and the chart's task-worker.checkCelery for the errors.
import { E, W, type Row } from '../helpers/expect-diagnostics.js';

// A Celery broker and a Python image; rows about other things give them so they stay on topic.
const CELERY = `
      taskConfig: { backend_type: celery }
      image: { repository: registry.example.com/backend }`;

/** Rows for src/plan/checks-celery.ts. */
export const CELERY_ROWS: Row[] = [
  {
    kind: 'a Celery worker on the bullmq backend',
    values: `
      image: { repository: registry.example.com/backend }
      workers:
        a:
          tasks: [t]
          »runtime: celery
          celery: { app: backend, acksLate: true }`,
    want: [E('CELERY_NEEDS_CELERY_BACKEND', /backend_type: celery/)],
  },
  {
    kind: 'a Celery worker without an app to load',
    values: `${CELERY}
      defaults:
        »runtime: celery
      workers:
        a:
          tasks: [t]
          celery: { acksLate: true }`,
    want: [E('CELERY_APP_MISSING', /celery\.app/)],
  },
  {
    kind: "a Celery worker on task-backend-worker's image",
    values: `
      taskConfig: { backend_type: celery }
      workers:
        a:
          tasks: [t]
          »runtime: celery
          celery: { app: backend, acksLate: true }`,
    want: [E('CELERY_IMAGE_NOT_PYTHON', /image\.repository/)],
  },
  {
    kind: 'a Celery worker that acknowledges tasks when they start',
    values: `${CELERY}
      workers:
        a:
          tasks: [t]
          runtime: celery
          »celery: { app: backend }`,
    want: [W('CELERY_ACKS_LATE_OFF', /acksLate: true/)],
  },
  {
    kind: 'a visibility timeout below the grace period',
    values: `${CELERY}
      workers:
        a:
          tasks: [t]
          runtime: celery
          terminationGracePeriodSeconds: 120
          celery: { app: backend, acksLate: true, »brokerTransportOptions: { visibility_timeout: 60 } }`,
    want: [W('CELERY_VISIBILITY_TIMEOUT_SHORT', /above 120/)],
  },
  {
    kind: "a time limit beyond kombu's default visibility timeout",
    values: `${CELERY}
      workers:
        a:
          tasks: [t]
          runtime: celery
          »celery: { app: backend, acksLate: true, timeLimit: 7200 }`,
    want: [W('CELERY_VISIBILITY_TIMEOUT_SHORT', /above 7200/)],
  },
  {
    kind: "an autoscaled Celery worker with Celery's default prefetch",
    values: `${CELERY}
      workers:
        a:
          tasks: [t]
          runtime: celery
          »celery: { app: backend, acksLate: true }
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, maxReplicas: 4 }`,
    want: [W('CELERY_PREFETCH_WITH_AUTOSCALING', /prefetchMultiplier: 1/)],
  },
];
