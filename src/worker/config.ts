// Resolve what the worker will do from flags, environment and profile, without touching the world.
// Precedence, per setting: flag > environment > profile > default.

import { hostname } from 'node:os';
import { BACKENDS, type Backend, type WorkerArgs } from '../contract/args.js';
import { brokerUrlProblem, isAmqpUrl, redact } from '../contract/broker.js';
import {
  CONTAINER,
  DEFAULT_BACKEND,
  DEFAULT_BROKER_URL,
  DEFAULT_CONCURRENCY,
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_PREFIX,
  DEFAULT_SHUTDOWN_TIMEOUT,
  DEFAULT_STALLED_INTERVAL_MS,
  DEFAULT_VISIBILITY_TIMEOUT,
  HEALTH_PORT,
  NO_PROFILE,
} from '../contract/defaults.js';
import { ENV, TUNING_ENV } from '../contract/env.js';
import { REDIS_ENV, resolveRedisTarget, type RedisTarget } from '../contract/redis.js';
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
  backend: Backend;
  app: string;
  brokerUrl: string;
  /** How to reach Redis: topology, credentials, TLS files (src/contract/redis.ts); absent for a celery broker on RabbitMQ. */
  redis?: RedisTarget;
  prefix: string;
  workerName: string;
  profileLabel: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** celery: Celery's result_backend URL; undefined stores no results. */
  resultBackend?: string;
  /** celery: seconds before an unacknowledged message counts as lost (Celery's visibility_timeout). */
  visibilityTimeout: number;
}

/** Everything the runner needs. */
export interface ResolvedConfig extends BaseConfig {
  concurrency: number;
  shutdownTimeout: number;
  healthPort: number;
  served: TaskRoute[];
  queues: string[];
  rejected: TaskRoute[];
  warnings: string[];
}

/** Backend, app, broker and labels; refuses an unknown backend and a missing app module. */
export function resolveBase(args: WorkerArgs, env: Env, host = hostname()): Result<BaseConfig> {
  const errors: string[] = [];
  const raw = args.backend ?? env[ENV.backend] ?? DEFAULT_BACKEND;
  const backend = (BACKENDS as readonly string[]).includes(raw) ? (raw as Backend) : undefined;
  if (!backend) errors.push(`${ENV.backend}=${raw}: unknown backend; known: ${BACKENDS.join(', ')}`);
  const app = args.app ?? env[ENV.app];
  if (!app) errors.push(`no task app: pass --app MODULE or set ${ENV.app}`);
  const brokerUrl = env[ENV.brokerUrl] || DEFAULT_BROKER_URL;
  // A celery broker on RabbitMQ has no Redis to describe; every Redis broker goes through one rule.
  const amqp = backend === 'celery' && isAmqpUrl(brokerUrl);
  const redis = amqp ? undefined : resolveRedisTarget(env);
  if (amqp) {
    const urlProblem = celeryBrokerProblem(brokerUrl);
    if (urlProblem) errors.push(`${ENV.brokerUrl}: ${urlProblem}`);
  } else if (redis && !redis.ok) errors.push(...redis.errors);
  else if (backend === 'celery' && redis?.value.mode === 'cluster')
    errors.push(
      `${REDIS_ENV.mode}=cluster: kombu keeps a queue's lists and the unacked hash apart, so Celery cannot use a Redis Cluster; use standalone or sentinel`,
    );
  const resultBackend = env[ENV.resultBackend] || undefined;
  const resultProblem = resultBackend === undefined ? undefined : brokerUrlProblem(resultBackend);
  if (resultProblem) errors.push(`${ENV.resultBackend}: ${resultProblem}`);
  if (args.profile && !args.profilesFile) errors.push(`--profile=${args.profile} needs --profiles-file=FILE`);
  const lockDurationMs = intEnv(env, TUNING_ENV.lockDurationMs, DEFAULT_LOCK_DURATION_MS, errors);
  const stalledIntervalMs = intEnv(env, TUNING_ENV.stalledIntervalMs, DEFAULT_STALLED_INTERVAL_MS, errors);
  const visibilityTimeout = args.visibilityTimeout ?? secondsEnv(env, TUNING_ENV.visibilityTimeout, DEFAULT_VISIBILITY_TIMEOUT, errors);
  if (errors.length || (redis && !redis.ok)) return { ok: false, errors };
  return {
    ok: true,
    value: {
      backend: backend as Backend,
      app: app as string,
      brokerUrl,
      ...(redis?.ok ? { redis: redis.value } : {}),
      prefix: env[ENV.prefix] || DEFAULT_PREFIX,
      workerName: env[ENV.workerName] || host,
      profileLabel: env[ENV.profileName] || args.profile || NO_PROFILE,
      lockDurationMs,
      stalledIntervalMs,
      ...(resultBackend ? { resultBackend } : {}),
      visibilityTimeout,
    },
  };
}

// Celery's broker may also be RabbitMQ; a redis URL follows the BullMQ backend's rule.
function celeryBrokerProblem(url: string): string | undefined {
  if (!isAmqpUrl(url)) return brokerUrlProblem(url);
  try {
    return new URL(url).hostname ? undefined : `expected a host in '${redact(url)}', as in amqp://USER:PASS@HOST:5672/VHOST`;
  } catch {
    return `expected a redis://, rediss://, amqp:// or amqps:// URL, got '${redact(url)}'`;
  }
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

function secondsEnv(env: Env, name: string, fallback: number, errors: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 604_800) return Number(raw);
  errors.push(`${name}=${raw}: expected seconds from 1 to 604800`);
  return fallback;
}
