// Environment variables: the ones tb-gen and the chart set in every worker container and the
// worker reads, and the worker-only tuning ones.

/** Set by tb-gen and the chart on every worker container; read by task-backend-worker. */
export const ENV = {
  backend: 'TASK_BACKEND_TYPE',
  brokerUrl: 'TASK_BACKEND_BROKER_URL',
  app: 'TASK_BACKEND_APP',
  prefix: 'TASK_BACKEND_PREFIX',
  workerName: 'TASK_BACKEND_WORKER_NAME',
  profileName: 'TASK_BACKEND_WORKER_PROFILE',
  /** Celery's result_backend (a redis URL); unset, a celery worker stores no results, as Celery. */
  resultBackend: 'TASK_BACKEND_RESULT_BACKEND',
} as const;

/** What sets each of ENV, for the message when a worker's own `env` sets it again. */
export const ENV_SOURCES: Record<keyof typeof ENV, string> = {
  backend: 'taskConfig.backend_type',
  brokerUrl: 'taskConfig.brokerSecret or broker_url',
  app: 'taskConfig.app',
  prefix: 'taskConfig.prefix',
  workerName: 'the worker name',
  profileName: 'the profile',
  resultBackend: 'taskConfig.result_backend or resultBackendSecret',
};

/** Worker-only tuning variables (not rendered by tb-gen): BullMQ lock and stall-check timings. */
export const TUNING_ENV = {
  lockDurationMs: 'TASK_BACKEND_LOCK_DURATION_MS',
  stalledIntervalMs: 'TASK_BACKEND_STALLED_INTERVAL_MS',
  /** Celery backend: seconds before another worker may restore a fetched, unacknowledged message. */
  visibilityTimeout: 'TASK_BACKEND_VISIBILITY_TIMEOUT',
} as const;
