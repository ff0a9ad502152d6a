// The series task-backend-worker exports and their labels, in one place: the worker registers
// them (src/worker/metrics.ts), and the alert and recording rules and the dashboard query them
// (src/contract/monitoring/rules.ts). A test scrapes a real worker registry and checks every series the
// rules name is in it, so a renamed series cannot leave the alerts silent.

/** The prefix of every series of the worker itself (prom-client adds process_* and nodejs_*). */
export const METRIC_PREFIX = 'task_backend_worker';

/** Full series names, by role. Counters carry `task` and `queue`; `waiting` carries `queue`. */
export const METRICS = {
  completed: `${METRIC_PREFIX}_jobs_completed_total`,
  failed: `${METRIC_PREFIX}_jobs_failed_total`,
  rejected: `${METRIC_PREFIX}_jobs_rejected_total`,
  duration: `${METRIC_PREFIX}_job_duration_seconds`,
  inFlight: `${METRIC_PREFIX}_jobs_in_flight`,
  concurrency: `${METRIC_PREFIX}_concurrency`,
  ready: `${METRIC_PREFIX}_ready`,
  redisConnected: `${METRIC_PREFIX}_redis_connected`,
  waiting: `${METRIC_PREFIX}_queue_waiting`,
} as const;

/** Label names: `worker` and `profile` are on every series (default labels), `task` and `queue` per job series. */
export const METRIC_LABELS = { worker: 'worker', profile: 'profile', task: 'task', queue: 'queue' } as const;
