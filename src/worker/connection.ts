// The process's Redis connection: retried with capped exponential backoff forever (a worker that
// exits when Redis blips becomes a crash loop), one log line per attempt, shared by every Worker.

import { Redis } from 'ioredis';
import { brokerUrlProblem, redact } from '../contract/broker.js';
import type { LogFn } from './log.js';
import { errorMessage, within } from './settle.js';

export { within } from './settle.js';

/** Delay before reconnect attempt `attempt` (1-based): 200 ms doubling, capped at 5 s. */
export function backoffMs(attempt: number): number {
  return Math.min(200 * 2 ** Math.max(0, attempt - 1), 5_000);
}

/** Open the shared connection; BullMQ requires maxRetriesPerRequest: null for Workers. */
export function connectRedis(url: string, log: LogFn, connectionName: string): Redis {
  // The config already refused such a URL (the same rule); ioredis would take http://h/x for a socket path.
  const problem = brokerUrlProblem(url);
  if (problem) throw new TypeError(problem);
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: backoffMs,
    connectionName,
  });
  let attempt = 0;
  let lastError = '';
  let wasReady = false;
  client.on('error', (err) => {
    lastError = errorMessage(err);
  });
  client.on('reconnecting', (delay: number) => {
    attempt++;
    log('warn', 'redis_unavailable', { url: redact(url), attempt, retryInMs: delay, error: lastError || undefined });
  });
  client.on('ready', () => {
    log('info', 'redis_ready', { url: redact(url), attempts: attempt + 1 });
    attempt = 0;
    lastError = '';
    wasReady = true;
  });
  client.on('close', () => {
    if (wasReady) log('warn', 'redis_disconnected', { url: redact(url) });
    wasReady = false;
  });
  return client;
}

/** Resolve true once the client is ready, or false if `stop` settles first (shutdown while waiting). */
export function whenReady(client: Redis, stop: Promise<unknown>): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const onReady = () => resolve(true);
    client.once('ready', onReady);
    void stop.then(() => {
      client.off('ready', onReady);
      resolve(false);
    });
  });
}

/** Close politely (QUIT) within `ms`, then drop the socket regardless. */
export async function closeRedis(client: Redis, ms: number): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await within(
    client.quit().then(() => undefined),
    ms,
  );
  client.disconnect();
}
