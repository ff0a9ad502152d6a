// The process's Redis connection: retried with capped exponential backoff forever (a worker that
// exits when Redis blips becomes a crash loop), one log line per attempt, shared by every Worker.

import { Cluster } from 'ioredis';
import { ENV } from '../contract/env.js';
import { describeTarget, resolveRedisTarget, type RedisTarget } from '../contract/redis.js';
import type { LogFn } from './log.js';
import { openRedis, type RedisClient } from '../producer/redis-open.js';
import { errorMessage, within } from '../producer/settle.js';

/** Delay before reconnect attempt `attempt` (1-based): 200 ms doubling, capped at 5 s. */
export function backoffMs(attempt: number): number {
  return Math.min(200 * 2 ** Math.max(0, attempt - 1), 5_000);
}

/** Open the shared connection (a URL means standalone); BullMQ requires maxRetriesPerRequest: null for Workers. */
export function connectRedis(target: string | RedisTarget, log: LogFn, connectionName: string): RedisClient {
  // The config already refused such a URL (the same rule); ioredis would take http://h/x for a socket path.
  const resolved = typeof target === 'string' ? resolveRedisTarget({}, target) : { ok: true as const, value: target };
  if (!resolved.ok) throw new TypeError(resolved.errors.join('; ').replace(/^connection: /, ''));
  const where = describeTarget(resolved.value);
  const client = openRedis(resolved.value, { maxRetriesPerRequest: null, retryStrategy: backoffMs, connectionName });
  if (resolved.value.tls?.insecureSkipVerify)
    log('warn', 'redis_tls_unverified', {
      url: where,
      note: 'the server certificate and name are not checked: anyone on the path can read and change jobs',
    });
  let attempt = 0;
  let lastError = '';
  let wasReady = false;
  client.on('error', (err) => {
    lastError = errorMessage(err);
  });
  client.on('reconnecting', (delay: number) => {
    attempt++;
    const hint = /WRONGPASS|NOAUTH/.test(lastError)
      ? `check the user and password in ${ENV.brokerUrl} (and the Secret it comes from)`
      : undefined;
    log('warn', 'redis_unavailable', { url: where, attempt, retryInMs: delay, error: lastError || undefined, hint });
  });
  client.on('ready', () => {
    log('info', 'redis_ready', { url: where, attempts: attempt + 1 });
    attempt = 0;
    lastError = '';
    wasReady = true;
  });
  client.on('close', () => {
    if (wasReady) log('warn', 'redis_disconnected', { url: where });
    wasReady = false;
  });
  return client;
}

/** Resolve true once the client is ready, or false if `stop` settles first (shutdown while waiting). */
export function whenReady(client: RedisClient, stop: Promise<unknown>): Promise<boolean> {
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
export async function closeRedis(client: RedisClient, ms: number): Promise<void> {
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

/** Cluster: the hash slot of each queue's keys (one per queue: the prefix carries a hash tag), asked of the server. */
export async function queueSlots(client: Cluster, prefix: string, queues: readonly string[]): Promise<Map<string, number>> {
  const slots = new Map<string, number>();
  for (const q of queues) slots.set(q, Number(await client.call('CLUSTER', 'KEYSLOT', `${prefix}:${q}:wait`)));
  return slots;
}

/**
 * Why a Cluster client cannot serve `slot` now, or undefined. The client stays 'ready' while one
 * master is down (the others answer), but its pool drops a node whose connection ended and adds the
 * promoted replica once the slots are refreshed: until then the queue's commands fail or hang.
 */
export function slotProblem(client: Cluster, slot: number): string | undefined {
  const key = client.slots[slot]?.[0];
  if (!key) return `no master known for slot ${slot}`;
  const node = client.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === key);
  if (!node) return `the master of slot ${slot} (${key}) is not connected`;
  if (node.status === 'ready') return undefined;
  // A slots refresh re-adds even a dead master as an unconnected node ('wait'), which connects only
  // on its first command: connect it now, so the next probe sees it ready, or gone.
  if (node.status === 'wait') void node.connect().catch(() => undefined);
  return `the master of slot ${slot} (${key}) is ${node.status === 'wait' ? 'not connected yet' : node.status}`;
}

/** What a client cannot serve of these queues now (a Cluster's slots), or undefined; any client's own status aside. */
export function servingProblem(client: RedisClient, slots: ReadonlyMap<string, number> | undefined): string | undefined {
  if (!(client instanceof Cluster) || !slots) return undefined;
  const problems = [...slots].flatMap(([q, slot]) => {
    const p = slotProblem(client, slot);
    return p ? [`queue '${q}': ${p}`] : [];
  });
  return problems.length ? problems.join('; ') : undefined;
}
