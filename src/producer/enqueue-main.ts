#!/usr/bin/env node
// task-backend-enqueue: put one job on its task's queue from a shell, for operators and smoke
// tests. A bin of its own, not a worker flag: the worker's flags are the rendered Deployment
// contract (src/contract/args.ts), and a producer needs none of them. Routing comes from a
// catalogue file, else from the app module (--app or TASK_BACKEND_APP, as in a worker's container).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobsOptions } from 'bullmq';
import { redact } from '../contract/broker.js';
import { BACKENDS } from '../contract/args.js';
import { REDIS_ENV_HELP, resolveRedisTarget } from '../contract/redis.js';
import { DEFAULT_BACKEND, DEFAULT_BROKER_URL } from '../contract/defaults.js';
import { ENV } from '../contract/env.js';
import { AppLoadError, loadApp } from './app-loader.js';
import { createEnqueuer, type Enqueuer } from './enqueue.js';
import { jobOptionsProblems } from './job-options.js';
import { createProducer, EnqueueTimeoutError } from './producer.js';
import { errorMessage } from './settle.js';
import { packageVersion } from './version.js';

const NAME = 'task-backend-enqueue';
/** Seconds to wait for Redis to confirm the job when --timeout is not given. */
const DEFAULT_TIMEOUT_S = 10;
const MAX_TIMEOUT_S = 3600;
const OPTIONS = {
  backend: { type: 'string' },
  catalogue: { type: 'string' },
  app: { type: 'string' },
  opts: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const USAGE = `Usage: ${NAME} TASK [DATA] [--catalogue FILE | --app MODULE] [--opts JSON] [--timeout S] [--backend B]

Adds one job for TASK to the queue its routing names, with TASK as the BullMQ job name.

  DATA               the job's data as JSON (default {}); - reads it from stdin
  --catalogue FILE   routing: task: {queue} (examples/app/tasks.yaml) or a values file with tasks:
  --app MODULE       routing from the app module's registry (default ${ENV.app}, when no --catalogue)
  --opts JSON        BullMQ job options, passed through: priority, delay, attempts, backoff, jobId,
                     removeOnComplete, removeOnFail, lifo, ...; jobId, priority, delay and
                     attempts are checked as BullMQ takes them before anything connects
                     e.g. '{"jobId":"order-42","attempts":3,"backoff":{"type":"exponential","delay":1000}}'
  --timeout S        give up when Redis has not confirmed the job within S seconds, connecting
                     included (default ${DEFAULT_TIMEOUT_S}; each connection attempt gets at most 5)
  --backend B        ${BACKENDS.join(' or ')} (default ${ENV.backend}, else ${DEFAULT_BACKEND}); celery sends a
                     Celery protocol 2 message: DATA are its keyword arguments, --opts takes args
                     (positional), priority (0-9), delay (ms, sent as eta), expires (s), jobId,
                     ignoreResult; the broker may also be amqp:// or amqps://
  --version          print the version and exit

Environment: ${ENV.brokerUrl} (redis:// or rediss://, default ${DEFAULT_BROKER_URL}), ${ENV.prefix} (the workers' prefix),
${redisEnvHelp()}
Prints {"event":"enqueued",...} with the job id on stdout; the Redis and prefix go to stderr first.
Exit codes: 0 enqueued, 1 Redis failed or did not answer within --timeout, 2 a usage error.
`;

// The topology and TLS variables, as the worker's --help lists them.
function redisEnvHelp(): string {
  const width = Math.max(...REDIS_ENV_HELP.map(([n]) => n.length));
  return REDIS_ENV_HELP.map(([n, h]) => `  ${n.padEnd(width)}  ${h}`).join('\n');
}

class UsageError extends Error {}

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} is not JSON: ${(err as Error).message}`);
  }
}

function timeoutSeconds(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_S;
  const s = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(s) || s <= 0 || s > MAX_TIMEOUT_S) {
    throw new UsageError(`--timeout=${raw}: expected seconds, more than 0 and at most ${MAX_TIMEOUT_S} (default ${DEFAULT_TIMEOUT_S})`);
  }
  return s;
}

async function producerFor(values: { catalogue?: string; app?: string }, connection: string, timeoutMs: number): Promise<Enqueuer> {
  if (values.catalogue) {
    try {
      return createProducer({ catalogue: resolve(values.catalogue), connection, timeoutMs });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const app = values.app ?? process.env[ENV.app];
  if (!app) throw new UsageError(`no routing: pass --catalogue FILE or --app MODULE (or set ${ENV.app})`);
  try {
    await loadApp(app);
  } catch (err) {
    if (err instanceof AppLoadError && err.kind === 'not-found') throw new UsageError(err.message);
    throw err;
  }
  return createEnqueuer({ connection, timeoutMs });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) return (void process.stdout.write(USAGE), 0);
  if (values.version) return (void process.stdout.write(`${NAME} ${packageVersion()}\n`), 0);
  const [task, dataText = '{}', ...extra] = positionals;
  if (!task || extra.length) {
    throw new UsageError(
      task ? `unexpected argument '${extra[0]}': DATA is one argument, so quote the JSON ('{"a": 1}')` : 'no TASK given',
    );
  }
  const timeoutS = timeoutSeconds(values.timeout);
  const backend = values.backend ?? (process.env[ENV.backend] || DEFAULT_BACKEND);
  if (!(BACKENDS as readonly string[]).includes(backend))
    throw new UsageError(`backend '${backend}': expected one of ${BACKENDS.join(', ')}`);
  const data = json(dataText === '-' ? readFileSync(0, 'utf8') : dataText, 'DATA');
  const opts = (values.opts ? json(values.opts, '--opts') : {}) as JobsOptions;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new UsageError('--opts must be a JSON object');
  if (backend === 'celery') return celery({ ...values, task, data, opts: opts as Record<string, unknown>, timeoutS });
  const optsProblems = jobOptionsProblems(opts);
  if (optsProblems.length) throw new UsageError(optsProblems.map((p) => `--opts ${p}`).join(`\n${NAME}: error: `));
  const url = process.env[ENV.brokerUrl] || DEFAULT_BROKER_URL;
  const target = resolveRedisTarget(process.env); // the worker's own rules: what it would refuse is refused here too
  if (!target.ok) throw new UsageError(target.errors.join(`\n${NAME}: error: `));
  const producer = await producerFor(values, url, timeoutS * 1000);
  // The enqueue and the close are each bounded by --timeout; this is the last resort past both.
  const lastResort = setTimeout(
    () => {
      process.stderr.write(`${NAME}: error: gave up on Redis at ${redact(url)} after ${2 * timeoutS + 1} s\n`);
      process.exit(process.exitCode ?? 1);
    },
    (2 * timeoutS + 1) * 1000,
  ).unref();
  try {
    const job = await producer.enqueue(task, data, opts);
    const out = { event: 'enqueued', task, queue: job.queueName, jobId: job.id, prefix: producer.prefix };
    process.stdout.write(JSON.stringify(out) + '\n');
    process.exitCode = 0;
    return 0;
  } catch (err) {
    if (/^enqueue: unknown task/.test((err as Error).message)) throw new UsageError((err as Error).message);
    if (BULLMQ_OPTION_ERROR.test(errorMessage(err))) throw new UsageError(`--opts: ${errorMessage(err)} (BullMQ's check)`);
    throw new Error(failure(err, url, timeoutS), { cause: err });
  } finally {
    await producer.close();
    clearTimeout(lastResort);
  }
}

// The messages of BullMQ's own option checks (Job.validateOptions, bullmq 6.7), which it runs once
// connected: the options' fault, not Redis'. jobId, priority, delay and attempts are checked first.
const BULLMQ_OPTION_ERROR =
  /^(Custom Id cannot|Priority should|Jitter should|The following options cannot be used together|Deduplication id must|Deduplication and parent|Debounce option|The size of job)/;

// What went wrong with Redis, where (password hidden), and what to do about it.
function failure(err: unknown, url: string, timeoutS: number): string {
  if (err instanceof EnqueueTimeoutError) {
    return (
      `Redis at ${err.url} did not confirm the job within ${timeoutS} s (${err.detail}): ` +
      `check that Redis is up there and that ${ENV.brokerUrl} names it, or allow longer with --timeout`
    );
  }
  return `Redis at ${redact(url)} refused the job: ${errorMessage(err)}`;
}

async function celery(a: {
  task: string;
  data: unknown;
  opts: Record<string, unknown>;
  catalogue?: string;
  app?: string;
  timeoutS: number;
}): Promise<number> {
  const { celeryEnqueue, CeleryUsageError } = await import('./celery/enqueue-cli.js');
  const url = process.env[ENV.brokerUrl] || DEFAULT_BROKER_URL;
  try {
    const line = await celeryEnqueue({ ...a, app: a.app ?? process.env[ENV.app], url, timeoutMs: a.timeoutS * 1000 });
    process.stdout.write(JSON.stringify(line) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof CeleryUsageError || (err instanceof AppLoadError && err.kind === 'not-found')) throw new UsageError(err.message);
    throw err;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`${NAME}: error: ${(err as Error).message}\n${usage ? `Run '${NAME} --help' for usage.\n` : ''}`);
  process.exitCode = usage ? 2 : 1;
}
