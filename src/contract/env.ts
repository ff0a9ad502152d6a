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
} as const;

/** Every name tb-gen may set: a worker's own `env` must not set these again. */
export const RESERVED_ENV_PREFIX = 'TASK_BACKEND_';

/** Worker-only tuning variables (not rendered by tb-gen): BullMQ lock and stall-check timings. */
export const TUNING_ENV = {
  lockDurationMs: 'TASK_BACKEND_LOCK_DURATION_MS',
  stalledIntervalMs: 'TASK_BACKEND_STALLED_INTERVAL_MS',
} as const;
