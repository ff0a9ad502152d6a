// --help and --version: generated from the shared flag table, defaults and variable names, so the
// text cannot drift from what the parser and the config resolution do.

import { FLAGS } from '../contract/args.js';
import {
  CONTAINER,
  DEFAULT_BACKEND,
  DEFAULT_BROKER_URL,
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_PREFIX,
  DEFAULT_STALLED_INTERVAL_MS,
  DEFAULT_VISIBILITY_TIMEOUT,
  NO_PROFILE,
} from '../contract/defaults.js';
import { ENV, TUNING_ENV } from '../contract/env.js';
import { REDIS_ENV_HELP } from '../contract/redis.js';
import { packageVersion } from '../producer/version.js';

const NAME = CONTAINER.command; // the command the rendered container runs

/** Every variable the worker reads, with its default and meaning. */
export const ENV_HELP: ReadonlyArray<[string, string]> = [
  [ENV.backend, `backend when --backend is absent (default ${DEFAULT_BACKEND})`],
  [ENV.brokerUrl, `Redis URL, redis:// or rediss:// (celery also amqp:// or amqps://; default ${DEFAULT_BROKER_URL})`],
  ...REDIS_ENV_HELP,
  [ENV.app, 'module that registers the tasks when --app is absent'],
  [ENV.prefix, `BullMQ key prefix; producers must use the same one (default ${DEFAULT_PREFIX})`],
  [ENV.workerName, 'the worker label on logs and metrics and the name in refusal reasons (default: the host name)'],
  [ENV.profileName, `the profile label (default: --profile, else ${NO_PROFILE})`],
  [ENV.resultBackend, "celery: where results go (a redis:// URL, Celery's result_backend); unset, none are stored"],
  [TUNING_ENV.visibilityTimeout, `celery: --visibility-timeout when the flag is absent (default ${DEFAULT_VISIBILITY_TIMEOUT})`],
  [TUNING_ENV.lockDurationMs, `BullMQ lockDuration in ms (default ${DEFAULT_LOCK_DURATION_MS})`],
  [TUNING_ENV.stalledIntervalMs, `BullMQ stalledInterval in ms (default ${DEFAULT_STALLED_INTERVAL_MS})`],
];

/** --help text. */
export function usage(): string {
  const flags = FLAGS.map((f) => {
    const lhs = f.kind === 'bool' ? `--${f.flag}` : `--${f.flag}=${f.kind === 'list' ? 'a,b' : f.kind === 'int' ? 'N' : 'VALUE'}`;
    return `  ${lhs.padEnd(26)} ${f.help}`;
  });
  const width = Math.max(...ENV_HELP.map(([name]) => name.length));
  return [
    `Usage: ${NAME} [flags]`,
    '',
    'Runs the tasks an app module registers, filtered by task and queue, from BullMQ or Celery queues.',
    '',
    ...flags,
    '',
    'Environment:',
    ...ENV_HELP.map(([name, help]) => `  ${name.padEnd(width)}  ${help}`),
    '',
    'Precedence: flag > environment > profile > default.',
    'Exit codes: 0 stopped cleanly (SIGTERM drained), 1 an app or runtime failure, 2 a usage error;',
    '  130/143 on a second SIGINT/SIGTERM.',
    '',
  ].join('\n');
}

/** --version: the command and the package version. */
export function version(): string {
  return `${NAME} ${packageVersion()}\n`;
}
