// kombu's bookkeeping of fetched messages in Redis: the `unacked` hash ([envelope, exchange,
// routing_key]) and the `unacked_index` zset (fetch time). A message goes back to a list by one Lua
// script, only if still recorded as we saw it; stale ones (their worker gone past the visibility
// timeout) are restored under kombu's `unacked_mutex`, as a Python worker's restore_visible does.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CELERY_PRIORITY_SEP, CELERY_UNACKED_KEY, kombuList } from '../../contract/kombu.js';
import type { Envelope } from '../../producer/celery/protocol.js';
import type { LogFn } from '../log.js';

/** kombu's zset of fetch times, beside the `unacked` hash. */
export const INDEX = 'unacked_index';
const UNACKED = CELERY_UNACKED_KEY;
const MUTEX = 'unacked_mutex';
const MUTEX_EXPIRE_S = 300; // kombu's unacked_mutex_expire
const RESTORE_BATCH = 100;

// Move one unacked message back to a list, atomically, only if it is still recorded as given
// (ARGV[3]) and, when ARGV[4] is set, still older than that score (a stale-restore).
const MOVE = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[3] then return 0 end
if ARGV[4] ~= '' then
  local s = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if s and tonumber(s) > tonumber(ARGV[4]) then return 0 end
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call(ARGV[5], KEYS[3], ARGV[2])
return 1`;
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Move one unacked message (`tag`, recorded as `stored`) onto `dest`; false when it is no longer
 * recorded so, or, with `maxScore`, was fetched after that time (someone else restored or acked it).
 */
export async function moveUnacked(
  client: Redis,
  tag: string,
  payload: string,
  stored: string,
  dest: string,
  maxScore = '',
): Promise<boolean> {
  return (await client.eval(MOVE, 3, UNACKED, INDEX, dest, tag, payload, stored, maxScore, 'RPUSH')) === 1;
}

/** kombu's restore_visible: under unacked_mutex, every message fetched before `ceil` goes back (bar ours). */
export async function restoreStale(client: Redis, ceil: number, ours: Set<string>, log: LogFn): Promise<number> {
  const token = randomUUID();
  if ((await client.set(MUTEX, token, 'EX', MUTEX_EXPIRE_S, 'NX')) !== 'OK') return 0;
  let restored = 0;
  try {
    const tags = await client.zrangebyscore(INDEX, 0, ceil, 'LIMIT', 0, RESTORE_BATCH);
    for (const tag of tags.filter((t) => !ours.has(t))) {
      const stored = await client.hget(UNACKED, tag);
      if (stored === null) {
        await client.zrem(INDEX, tag);
        continue;
      }
      const dest = await destination(client, stored);
      if (!dest) continue;
      if (await moveUnacked(client, tag, dest.payload, stored, dest.list, String(ceil))) restored++;
      log('warn', 'message_restored', { tag, list: dest.list, note: 'its worker held it past the visibility timeout' });
    }
  } finally {
    await client.eval(UNLOCK, 1, MUTEX, token);
  }
  return restored;
}

// Where kombu would restore [envelope, exchange, routing_key]: the queues bound to the exchange
// under that routing key (the routing key itself on the default exchange), at the message's priority.
async function destination(client: Redis, stored: string): Promise<{ list: string; payload: string } | undefined> {
  let parsed: [Envelope, string, string];
  try {
    parsed = JSON.parse(stored) as [Envelope, string, string];
  } catch {
    return undefined;
  }
  const [envelope, exchange, rk] = parsed;
  let queue = rk;
  if (exchange) {
    const members = await client.smembers(`_kombu.binding.${exchange}`);
    const hit = members.map((m) => m.split(CELERY_PRIORITY_SEP)).find((p) => p[0] === rk);
    if (hit?.[2]) queue = hit[2];
  }
  return { list: kombuList(queue, priorityOf(envelope)), payload: redelivered(envelope) ?? JSON.stringify(envelope) };
}

/** A message's priority, 0 when it names none. */
export const priorityOf = (e: Envelope): number => (typeof e?.properties?.priority === 'number' ? e.properties.priority : 0);

/** The envelope marked redelivered (headers and delivery_info), as kombu restores it; undefined when it has neither. */
export function redelivered(e: Envelope): string | undefined {
  if (!e?.headers || !e.properties?.delivery_info) return undefined;
  return JSON.stringify({
    ...e,
    headers: { ...e.headers, redelivered: true },
    properties: { ...e.properties, delivery_info: { ...e.properties.delivery_info, redelivered: true } },
  });
}
