#!/usr/bin/env node
// The task-backend-worker binary: the CLI plus process wiring (signals, exit codes, last-resort logs).

import { constants } from 'node:os';
import { prepare } from './cli.js';
import type { ResolvedConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { errorMessage } from '../producer/settle.js';

/** What main drives: the BullMQ runner or the celery one. */
interface RunningWorker {
  readonly inFlight: number;
  start(): Promise<void>;
  shutdown(signal: string): Promise<void>;
}

/** Run the CLI; on a config to run, start the worker and drain it on SIGTERM/SIGINT. */
export async function main(argv: readonly string[]): Promise<void> {
  const outcome = await prepare(argv, {
    env: process.env,
    cwd: process.cwd(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
  if ('exit' in outcome) process.exit(outcome.exit);
  await run(outcome.run);
}

async function run(cfg: ResolvedConfig): Promise<void> {
  const logger = createLogger({ worker: cfg.workerName, profile: cfg.profileLabel });
  const { log } = logger;
  const proc: RunningWorker =
    cfg.backend === 'celery'
      ? new (await import('./celery/runner.js')).CeleryWorkerProcess(cfg, logger)
      : new (await import('./bullmq/runner.js')).WorkerProcess(cfg, logger); // bullmq loads only on this path
  const exit = exiter(logger);
  process.on('uncaughtException', (err: unknown) => {
    // Anything may be thrown from a timer (`throw null`): read it without touching its properties.
    log('error', 'fatal', { error: errorMessage(err), stack: stackOf(err) });
    exit(1);
  });
  process.on('unhandledRejection', (reason: unknown) => log('error', 'unhandled_rejection', { error: errorMessage(reason) }));
  onSignals(proc, logger);
  log('info', 'starting', {
    queues: cfg.queues,
    tasks: cfg.served.map((t) => t.name),
    concurrency: cfg.concurrency,
    backend: cfg.backend,
    ...(cfg.backend === 'celery' ? {} : { prefix: cfg.prefix }), // a producer on another prefix writes jobs this worker never sees
    pid: process.pid,
  });
  for (const warning of cfg.warnings) log('warn', 'routing_warning', { warning });
  try {
    await proc.start();
  } catch (err) {
    log('error', 'start_failed', { error: err });
    exit(1);
  }
}

// First SIGTERM/SIGINT drains (exit 0); a second one exits at once with 128 + signal number.
function onSignals(proc: RunningWorker, logger: Logger): void {
  const exit = exiter(logger);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.log('warn', 'shutdown_forced', { signal, inFlight: proc.inFlight, note: 'unfinished jobs return after the stall check' });
      exit(128 + constants.signals[signal]);
    }
    stopping = true;
    proc.shutdown(signal).then(
      () => exit(0),
      (err: unknown) => {
        logger.log('error', 'shutdown_failed', { error: err });
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

// The stack of an Error whose stack reads as a string; nothing for anything else.
function stackOf(err: unknown): string | undefined {
  try {
    return err instanceof Error && typeof err.stack === 'string' ? err.stack : undefined;
  } catch {
    return undefined;
  }
}

// Every exit once the logger exists goes through here, so no buffered line is lost.
function exiter(logger: Logger): (code: number) => never {
  return (code) => {
    logger.flush();
    process.exit(code);
  };
}

await main(process.argv.slice(2));
