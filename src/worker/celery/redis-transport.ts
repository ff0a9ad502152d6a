// Celery over Redis, exactly as kombu 5.2 lays it out: the queue list X and its priority lists
// X\x06\x163/6/9, popped lower number first with BRPOP; every fetched message recorded in the
// `unacked` hash ([envelope, exchange, routing_key]) and the `unacked_index` zset (fetch time), so
// a Python worker restores what a dead Node worker held and the reverse; acknowledged by ZREM+HDEL.
// Unlike kombu, scores of messages still running here are kept fresh, so a long task is never
// restored (run twice) while its worker lives; moves are atomic Lua scripts (redis-unacked.ts).

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CELERY_PRIORITY_SEP, CELERY_PRIORITY_STEPS, CELERY_UNACKED_KEY, kombuBinding, kombuList } from '../../contract/kombu.js';
import type { RedisTarget } from '../../contract/redis.js';
import { closeRedis, connectRedis, whenReady } from '../connection.js';
import { within } from '../../producer/settle.js';
import type { LogFn } from '../log.js';
import { decodeTask, type Envelope } from '../../producer/celery/protocol.js';
import { unservedQueue, type Delivery, type Transport } from './transport.js';
import { INDEX, moveUnacked, priorityOf, redelivered, restoreStale } from './redis-unacked.js';

const SEP = CELERY_PRIORITY_SEP; // kombu's one separator: priority lists and binding members
/** kombu's priority_steps: list X holds 0-2, X\x06\x163 holds 3-5, and so on; read in this order. */
export const PRIORITY_STEPS = [0, ...CELERY_PRIORITY_STEPS] as const;

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
      .hset(CELERY_UNACKED_KEY, tag, stored)
      .exec();
    const decoded = envelope
      ? decodeTask(envelope.headers ?? {}, envelope['content-type'], envelope.body ?? '', props.body_encoding === 'base64')
      : { ok: false as const, reason: 'the message is not JSON' };
    this.records.set(tag, { raw, envelope: envelope ?? ({} as Envelope), stored });
    return { queue, decoded, tag };
  }

  async ack(d: Delivery): Promise<void> {
    await (this.client as Redis).multi().zrem(INDEX, d.tag).hdel(CELERY_UNACKED_KEY, d.tag).exec();
    this.records.delete(d.tag);
  }

  async handBack(d: Delivery): Promise<void> {
    const rec = this.records.get(d.tag);
    if (!rec) return;
    const dest = kombuList(d.queue, priorityOf(rec.envelope));
    await moveUnacked(this.client as Redis, d.tag, redelivered(rec.envelope) ?? rec.raw, rec.stored, dest);
    this.records.delete(d.tag);
  }

  async park(d: Delivery, _reason: string): Promise<string> {
    const rec = this.records.get(d.tag);
    const place = unservedQueue(d.queue);
    if (rec) await moveUnacked(this.client as Redis, d.tag, rec.raw, rec.stored, place);
    this.records.delete(d.tag);
    return place;
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
    return restoreStale(client, now - this.visibilityS, new Set(held.map((d) => d.tag)), this.log);
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
