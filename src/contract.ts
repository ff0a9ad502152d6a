// Names shared by tb-gen, the chart and task-backend-worker. Change one here and the three follow.

/** Environment variables the rendered container sets and the worker reads. */
export const ENV = {
  backend: 'TASK_BACKEND_TYPE',
  brokerUrl: 'TASK_BACKEND_BROKER_URL',
  app: 'TASK_BACKEND_APP',
  prefix: 'TASK_BACKEND_PREFIX',
  workerName: 'TASK_BACKEND_WORKER_NAME',
  profileName: 'TASK_BACKEND_WORKER_PROFILE',
} as const;

/** Port for /livez, /readyz and /metrics; the Deployment names it `http`. */
export const HEALTH_PORT = 8080;
export const HEALTH_PORT_NAME = 'http';

/** Seconds kept between the worker's drain deadline and Kubernetes' SIGKILL. */
export const SHUTDOWN_MARGIN_SECONDS = 5;

/** BullMQ key prefix when taskConfig.prefix is not set. */
export const DEFAULT_PREFIX = 'bull';
