// Celery over Redis, exactly as kombu 5.2 lays it out: the queue list X and its priority lists
// X\x06\x163/6/9, popped lower number first with BRPOP; every fetched message recorded in the
// `unacked` hash ([envelope, exchange, routing_key]) and the `unacked_index` zset (fetch time), so
// a Python worker restores what a dead Node worker held and the reverse; acknowledged by ZREM+HDEL.
// Unlike kombu, scores of messages still running here are kept fresh, so a long task is never
// restored (run twice) while its worker lives; moves are atomic Lua scripts, not WATCH retries.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CELERY_PRIORITY_SEP, CELERY_PRIORITY_STEPS, CELERY_UNACKED_KEY, kombuBinding, kombuList } from '../../contract/kombu.js';
import type { RedisTarget } from '../../contract/redis.js';
import { closeRedis, connectRedis, whenReady, within } from '../connection.js';
import type { LogFn } from '../log.js';
import { decodeTask, type Envelope } from '../../producer/celery/protocol.js';
import { unservedQueue, type Delivery, type Transport } from './transport.js';

const SEP = CELERY_PRIORITY_SEP; // kombu's one separator: priority lists and binding members
/** kombu's priority_steps: list X holds 0-2, X\x06\x163 holds 3-5, and so on; read in this order. */
export const PRIORITY_STEPS = [0, ...CELERY_PRIORITY_STEPS] as const;
const UNACKED = CELERY_UNACKED_KEY;
const INDEX = 'unacked_index';
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

interface Record_ {
  raw: string;
  envelope: Envelope;
  stored: string;
}

/** The kombu-compatible Redis transport. */
export class RedisTransport implements Transport {
  private client?: Redis;
  private blocking?: Redis;
  private order: string[];
  private pending?: Promise<Delivery | undefined>;
  private readonly records = new Map<string, Record_>();
  private lastRestore = 0;

  constructor(
    private readonly target: string | RedisTarget,
    queues: readonly string[],
    private readonly visibilityS: number,
    private readonly log: LogFn,
    private readonly name: string,
  ) {
    this.order = [...queues];
  }

  get connected(): boolean {
    return this.client?.status === 'ready' && this.blocking?.status === 'ready';
  }

  async open(stop: Promise<void>): Promise<boolean> {
    // The worker's one Redis description (TLS, ACL user, Sentinel); never a Cluster: resolveBase refuses it for celery.
    this.client = connectRedis(this.target, this.log, this.name) as Redis;
    this.blocking = this.client.duplicate({ connectionName: `${this.name}:fetch` });
    this.blocking.on('error', () => undefined); // the command connection logs outages
    if (!(await whenReady(this.client, stop)) || !(await whenReady(this.blocking, stop))) return false;
    const m = this.client.multi();
    for (const q of this.order) m.sadd(...kombuBinding(q));
    await m.exec();
    return true;
  }

  async fetch(): Promise<Delivery | undefined> {
    this.pending ??= this.pop();
    const p = this.pending;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<'idle'>((r) => (timer = setTimeout(() => r('idle'), 1_500)));
    const got = await Promise.race([p, idle])
      .catch((err: unknown) => {
        this.pending = undefined; // a failed BRPOP is not awaited again
        throw err;
      })
      .finally(() => clearTimeout(timer));
    if (got === 'idle') return undefined; // Redis is away: the same BRPOP is awaited next time
    this.pending = undefined;
    return got;
  }

  // One BRPOP over every consumed list, kombu's order (all queues' priority 0 first), then record it.
  private async pop(): Promise<Delivery | undefined> {
    const keys = PRIORITY_STEPS.flatMap((p) => this.order.map((q) => kombuList(q, p)));
    const r = await (this.blocking as Redis).brpop(...keys, 1);
    if (!r) return undefined;
    const [key, raw] = r;
    const queue = key.split(SEP)[0] as string;
    this.order = [...this.order.filter((q) => q !== queue), queue]; // kombu's round robin
    return this.record(queue, raw);
  }

  private async record(queue: string, raw: string): Promise<Delivery> {
    let envelope: Envelope | undefined;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      envelope = undefined;
    }
    const props: Envelope['properties'] = envelope?.properties ?? {};
    const tag = typeof props.delivery_tag === 'string' ? props.delivery_tag : randomUUID();
    const info = props.delivery_info ?? {};
    const stored = `[${raw},${JSON.stringify(info.exchange ?? '')},${JSON.stringify(info.routing_key ?? queue)}]`;
    await (this.client as Redis)
      .multi()
      .zadd(INDEX, Date.now() / 1000, tag)
      .hset(UNACKED, tag, stored)
      .exec();
    const decoded = envelope
      ? decodeTask(envelope.headers ?? {}, envelope['content-type'], envelope.body ?? '', props.body_encoding === 'base64')
      : { ok: false as const, reason: 'the message is not JSON' };
    this.records.set(tag, { raw, envelope: envelope ?? ({} as Envelope), stored });
    return { queue, decoded, tag };
  }

  async ack(d: Delivery): Promise<void> {
    await (this.client as Redis).multi().zrem(INDEX, d.tag).hdel(UNACKED, d.tag).exec();
    this.records.delete(d.tag);
  }

  async handBack(d: Delivery): Promise<void> {
    const rec = this.records.get(d.tag);
    if (!rec) return;
    const dest = kombuList(d.queue, priorityOf(rec.envelope));
    await this.move(d.tag, redelivered(rec.envelope) ?? rec.raw, rec.stored, dest, '', 'RPUSH');
    this.records.delete(d.tag);
  }

  async park(d: Delivery, _reason: string): Promise<string> {
    const rec = this.records.get(d.tag);
    const place = unservedQueue(d.queue);
    if (rec) await this.move(d.tag, rec.raw, rec.stored, place, '', 'RPUSH');
    this.records.delete(d.tag);
    return place;
  }

  private async move(
    tag: string,
    payload: string,
    stored: string,
    dest: string,
    maxScore: string,
    push: 'RPUSH' | 'LPUSH',
  ): Promise<boolean> {
    const n = await (this.client as Redis).eval(MOVE, 3, UNACKED, INDEX, dest, tag, payload, stored, maxScore, push);
    return n === 1;
  }

  async maintain(held: readonly Delivery[]): Promise<number> {
    const client = this.client as Redis;
    const now = Date.now() / 1000;
    if (held.length) {
      const m = client.multi();
      for (const d of held) m.zadd(INDEX, 'XX', now, d.tag); // still ours: not stale
      await m.exec();
    }
    if (now - this.lastRestore < Math.min(100, Math.max(0.5, this.visibilityS / 2))) return 0;
    this.lastRestore = now;
    return this.restoreStale(client, now - this.visibilityS, new Set(held.map((d) => d.tag)));
  }

  // kombu's restore_visible: under unacked_mutex, every message fetched before `ceil` goes back.
  private async restoreStale(client: Redis, ceil: number, ours: Set<string>): Promise<number> {
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
        const dest = await this.destination(client, stored);
        if (!dest) continue;
        if (await this.move(tag, dest.payload, stored, dest.list, String(ceil), 'RPUSH')) restored++;
        this.log('warn', 'message_restored', { tag, list: dest.list, note: 'its worker held it past the visibility timeout' });
      }
    } finally {
      await client.eval(UNLOCK, 1, MUTEX, token);
    }
    return restored;
  }

  // Where kombu would restore [envelope, exchange, routing_key]: the queues bound to the exchange
  // under that routing key (the routing key itself on the default exchange), at the message's priority.
  private async destination(client: Redis, stored: string): Promise<{ list: string; payload: string } | undefined> {
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
      const hit = members.map((m) => m.split(SEP)).find((p) => p[0] === rk);
      if (hit?.[2]) queue = hit[2];
    }
    return { list: kombuList(queue, priorityOf(envelope)), payload: redelivered(envelope) ?? JSON.stringify(envelope) };
  }

  async depth(queue: string): Promise<number | undefined> {
    const client = this.client;
    if (!client || client.status !== 'ready') return undefined;
    const m = client.multi();
    for (const p of PRIORITY_STEPS) m.llen(kombuList(queue, p));
    const op = m.exec();
    if (!(await within(op, 1_000))) return undefined;
    const res = await op.catch(() => null);
    return res?.reduce((n, [err, v]) => n + (err ? 0 : Number(v)), 0);
  }

  async close(): Promise<void> {
    const p = this.pending; // a BRPOP in flight returns within its 1 s; what it fetched goes back
    this.pending = undefined;
    if (p && (await within(p, 2_000))) {
      const d = await p.catch(() => undefined);
      if (d) await this.handBack(d).catch(() => undefined);
    }
    if (this.blocking) await closeRedis(this.blocking, 1_000);
    if (this.client) await closeRedis(this.client, 1_000);
  }
}

const priorityOf = (e: Envelope): number => (typeof e?.properties?.priority === 'number' ? e.properties.priority : 0);

// kombu marks a restored message redelivered (headers and delivery_info).
function redelivered(e: Envelope): string | undefined {
  if (!e?.headers || !e.properties?.delivery_info) return undefined;
  return JSON.stringify({
    ...e,
    headers: { ...e.headers, redelivered: true },
    properties: { ...e.properties, delivery_info: { ...e.properties.delivery_info, redelivered: true } },
  });
}
