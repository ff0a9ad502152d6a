// Resolve what the worker will do from flags, environment and profile, without touching the world.
// Precedence, per setting: flag > environment > profile > default.

import { hostname } from 'node:os';
import { BACKENDS, type WorkerArgs } from '../contract/args.js';
import {
  CONTAINER,
  DEFAULT_BACKEND,
  DEFAULT_BROKER_URL,
  DEFAULT_CONCURRENCY,
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_PREFIX,
  DEFAULT_SHUTDOWN_TIMEOUT,
  DEFAULT_STALLED_INTERVAL_MS,
  HEALTH_PORT,
  NO_PROFILE,
  OUR_BACKEND,
} from '../contract/defaults.js';
import { ENV, TUNING_ENV } from '../contract/env.js';
import { resolveRedisTarget, type RedisTarget } from '../contract/redis.js';
import {
  describeProblem,
  select,
  selectionWarnings,
  type Filters,
  type FilterSources,
  type SelectionProblem,
  type TaskRoute,
} from '../contract/selection.js';
import type { Profile } from './profiles.js';

/** The environment as the worker reads it (process.env, or a table in tests). */
export type Env = Readonly<Record<string, string | undefined>>;
type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Settings known before the app is loaded. */
export interface BaseConfig {
  app: string;
  brokerUrl: string;
  /** How to reach Redis: topology, credentials, TLS files (src/contract/redis.ts). */
  redis: RedisTarget;
  prefix: string;
  workerName: string;
  profileLabel: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** Everything the runner needs. */
export interface ResolvedConfig extends BaseConfig {
  backend: typeof OUR_BACKEND;
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
  const backend = args.backend ?? env[ENV.backend] ?? DEFAULT_BACKEND;
  if (backend !== OUR_BACKEND && (BACKENDS as readonly string[]).includes(backend)) {
    errors.push(
      `backend '${backend}' is not run by this entrypoint: values with backend_type: ${backend} start your own ${backend} image ` +
        `with the selection flags; ${CONTAINER.command} runs BullMQ. Use --backend=${OUR_BACKEND} (or ${ENV.backend}=${OUR_BACKEND}).`,
    );
  } else if (backend !== OUR_BACKEND) {
    errors.push(`${ENV.backend}=${backend}: unknown backend; known: ${BACKENDS.join(', ')}`);
  }
  const app = args.app ?? env[ENV.app];
  if (!app) errors.push(`no task app: pass --app MODULE or set ${ENV.app}`);
  const brokerUrl = env[ENV.brokerUrl] || DEFAULT_BROKER_URL;
  const redis = resolveRedisTarget(env);
  if (!redis.ok) errors.push(...redis.errors);
  if (args.profile && !args.profilesFile) errors.push(`--profile=${args.profile} needs --profiles-file=FILE`);
  const lockDurationMs = intEnv(env, TUNING_ENV.lockDurationMs, DEFAULT_LOCK_DURATION_MS, errors);
  const stalledIntervalMs = intEnv(env, TUNING_ENV.stalledIntervalMs, DEFAULT_STALLED_INTERVAL_MS, errors);
  if (errors.length || !redis.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      app: app as string,
      brokerUrl,
      redis: redis.value,
      prefix: env[ENV.prefix] || DEFAULT_PREFIX,
      workerName: env[ENV.workerName] || host,
      profileLabel: env[ENV.profileName] || args.profile || NO_PROFILE,
      lockDurationMs,
      stalledIntervalMs,
    },
  };
}

/** Merge flags over the profile, then select tasks and queues from the app's routing table. */
export function resolveConfig(base: BaseConfig, args: WorkerArgs, routes: readonly TaskRoute[], profile?: Profile): Result<ResolvedConfig> {
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
  const sel = select(routes, filters);
  if (sel.problems.length) {
    const errors = sel.problems.map((p) => describeProblem(p, routes, filters, sources));
    return { ok: false, errors: [...errors, ...routingDifferences(sel.problems)] };
  }
  return {
    ok: true,
    value: {
      ...base,
      backend: OUR_BACKEND,
      concurrency: args.concurrency ?? profile?.concurrency ?? DEFAULT_CONCURRENCY,
      shutdownTimeout: args.shutdownTimeout ?? DEFAULT_SHUTDOWN_TIMEOUT,
      healthPort: args.healthPort ?? HEALTH_PORT,
      served: sel.served,
      queues: sel.queues,
      rejected: sel.rejected,
      warnings: selectionWarnings(sel, sources),
    },
  };
}

/**
 * A task listed with queues that leave its queue out was most likely routed by a catalogue that
 * disagrees with the app (tb-gen renders `--queues` from the values): say how to get the app's own.
 */
function routingDifferences(problems: readonly SelectionProblem[]): string[] {
  if (!problems.some((p) => p.kind === 'not-consumed')) return [];
  return [
    `the app's routing differs from the one these flags were written for: '${CONTAINER.command} --list-tasks --values' prints the app's tasks: catalogue for the values file`,
  ];
}

function intEnv(env: Env, name: string, fallback: number, errors: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^\d+$/.test(raw) && Number(raw) >= 100 && Number(raw) <= 86_400_000) return Number(raw);
  errors.push(`${name}=${raw}: expected milliseconds from 100 to 86400000`);
  return fallback;
}
