// Resolve what the worker will do from flags, environment and profile, without touching the world.
// Precedence, per setting: flag > environment > profile > default.

import { hostname } from 'node:os';
import { ENV, DEFAULT_PREFIX, HEALTH_PORT } from '../contract.js';
import type { WorkerArgs } from './args.js';
import type { Profile } from './profiles.js';
import { select, type Filters, type FilterSources, type TaskRoute } from './selection.js';

/** Worker-only tuning variables (not rendered by tb-gen): BullMQ lock and stall-check timings. */
export const TUNING_ENV = {
  lockDurationMs: 'TASK_BACKEND_LOCK_DURATION_MS',
  stalledIntervalMs: 'TASK_BACKEND_STALLED_INTERVAL_MS',
} as const;

/** Broker when TASK_BACKEND_BROKER_URL is unset: a local Redis, for development. */
export const DEFAULT_BROKER_URL = 'redis://127.0.0.1:6379';
/** Default drain time: Kubernetes' default 30 s grace period minus the contract's margin. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 25;

/** The environment as the worker reads it (process.env, or a table in tests). */
export type Env = Readonly<Record<string, string | undefined>>;
type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Settings known before the app is loaded. */
export interface BaseConfig {
  app: string;
  brokerUrl: string;
  prefix: string;
  workerName: string;
  profileLabel: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** Everything the runner needs. */
export interface ResolvedConfig extends BaseConfig {
  backend: 'bullmq';
  concurrency: number;
  shutdownTimeout: number;
  healthPort: number;
  served: TaskRoute[];
  queues: string[];
  rejected: TaskRoute[];
  warnings: string[];
}

/** Backend, app, broker and labels; refuses celery and a missing app module. */
export function resolveBase(args: WorkerArgs, env: Env, host = hostname()): Result<BaseConfig> {
  const errors: string[] = [];
  const backend = args.backend ?? env[ENV.backend] ?? 'bullmq';
  if (backend === 'celery') {
    errors.push(
      `backend 'celery' is not run by this entrypoint: values with backend_type: celery render for the brief's Python image ` +
        `(celery -A backend worker); task-backend-worker runs BullMQ. Use --backend=bullmq (or ${ENV.backend}=bullmq).`,
    );
  } else if (backend !== 'bullmq') {
    errors.push(`${ENV.backend}=${backend}: unknown backend; known: bullmq, celery`);
  }
  const app = args.app ?? env[ENV.app];
  if (!app) errors.push(`no task app: pass --app MODULE or set ${ENV.app}`);
  const brokerUrl = env[ENV.brokerUrl] || DEFAULT_BROKER_URL;
  if (!isRedisUrl(brokerUrl)) errors.push(`${ENV.brokerUrl}: expected a redis:// or rediss:// URL, got '${redact(brokerUrl)}'`);
  if (args.profile && !args.profilesFile) errors.push(`--profile=${args.profile} needs --profiles-file=FILE`);
  const lockDurationMs = intEnv(env, TUNING_ENV.lockDurationMs, 30_000, errors);
  const stalledIntervalMs = intEnv(env, TUNING_ENV.stalledIntervalMs, 30_000, errors);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      app: app as string,
      brokerUrl,
      prefix: env[ENV.prefix] || DEFAULT_PREFIX,
      workerName: env[ENV.workerName] || host,
      profileLabel: env[ENV.profileName] || args.profile || '',
      lockDurationMs,
      stalledIntervalMs,
    },
  };
}

/** Merge flags over the profile, then select tasks and queues from the app's routing table. */
export function resolveConfig(
  base: BaseConfig,
  args: WorkerArgs,
  routes: readonly TaskRoute[],
  profile?: Profile,
): Result<ResolvedConfig> {
  const filters: Filters = {};
  const sources: FilterSources = {};
  for (const key of ['tasks', 'queues'] as const) {
    const fromFlag = args[key];
    const fromProfile = profile?.[key];
    if (fromFlag) filters[key] = fromFlag;
    else if (fromProfile) {
      filters[key] = fromProfile;
      sources[key] = `profile '${args.profile}' ${key}`;
    }
  }
  if (args.excludeTasks) filters.excludeTasks = args.excludeTasks;
  if (args.excludeQueues) filters.excludeQueues = args.excludeQueues;
  const sel = select(routes, filters, sources);
  if (sel.errors.length) return { ok: false, errors: sel.errors };
  return {
    ok: true,
    value: {
      ...base,
      backend: 'bullmq',
      concurrency: args.concurrency ?? profile?.concurrency ?? 1,
      shutdownTimeout: args.shutdownTimeout ?? DEFAULT_SHUTDOWN_TIMEOUT,
      healthPort: args.healthPort ?? HEALTH_PORT,
      served: sel.served,
      queues: sel.queues,
      rejected: sel.rejected,
      warnings: sel.warnings,
    },
  };
}

/** The URL with any password replaced, for logs and --print-config. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

function isRedisUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function intEnv(env: Env, name: string, fallback: number, errors: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^\d+$/.test(raw) && Number(raw) >= 100 && Number(raw) <= 86_400_000) return Number(raw);
  errors.push(`${name}=${raw}: expected milliseconds from 100 to 86400000`);
  return fallback;
}
