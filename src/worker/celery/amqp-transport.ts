// Celery over AMQP: one channel consuming every queue with prefetch = --concurrency plus the ETA
// messages held (as Celery raises its QoS for them), so the broker never hands this process more
// messages than it has slots; ack after the result, nack with requeue to hand back. RabbitMQ
// itself redelivers what a dead connection held, so there is nothing to restore here.

import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { redact } from '../../contract/broker.js';
import { backoffMs } from '../connection.js';
import type { LogFn } from '../log.js';
import { errorMessage } from '../../producer/settle.js';
import { declareQueue } from '../../producer/celery/amqp-publish.js';
import { decodeTask } from '../../producer/celery/protocol.js';
import { unservedQueue, type Delivery, type Transport } from './transport.js';

/** The AMQP transport. */
export class AmqpTransport implements Transport {
  private conn?: ChannelModel;
  private ch?: Channel;
  private readonly buffer: Delivery[] = [];
  private readonly messages = new Map<string, { msg: ConsumeMessage; ch: Channel }>();
  private waiter?: () => void;
  private closing = false;
  private seq = 0;
  private extra = 0;

  constructor(
    private readonly url: string,
    private readonly queues: readonly string[],
    private readonly prefetch: number,
    private readonly log: LogFn,
  ) {}

  get connected(): boolean {
    return this.ch !== undefined;
  }

  async open(stop: Promise<void>): Promise<boolean> {
    let stopped = false;
    void stop.then(() => (stopped = true));
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await this.connectOnce();
        this.log('info', 'amqp_ready', { url: redact(this.url), attempts: attempt });
        return true;
      } catch (err) {
        this.log('warn', 'amqp_unavailable', { url: redact(this.url), attempt, retryInMs: backoffMs(attempt), error: errorMessage(err) });
        await new Promise((r) => setTimeout(r, backoffMs(attempt)));
      }
    }
    return false;
  }

  private async connectOnce(): Promise<void> {
    const conn = await connect(this.url);
    conn.on('error', () => undefined);
    for (const q of this.queues) await declareQueue(conn, q);
    const ch = await conn.createChannel();
    await ch.prefetch(this.prefetch + this.extra);
    for (const q of this.queues) await ch.consume(q, (msg) => msg && this.deliver(q, msg, ch), { noAck: false });
    [this.conn, this.ch] = [conn, ch];
    conn.on('close', () => {
      if (this.closing) return;
      this.log('warn', 'amqp_disconnected', { url: redact(this.url), note: 'RabbitMQ redelivers what this connection held' });
      [this.conn, this.ch] = [undefined, undefined];
      this.buffer.length = 0; // unacked on a dead channel: RabbitMQ has them again
      void this.open(new Promise(() => undefined));
    });
  }

  private deliver(queue: string, msg: ConsumeMessage, ch: Channel): void {
    const tag = `${++this.seq}`;
    this.messages.set(tag, { msg, ch });
    const p = msg.properties;
    const decoded = decodeTask(p.headers ?? {}, String(p.contentType ?? ''), msg.content, false);
    this.buffer.push({ queue, decoded, tag });
    this.waiter?.();
  }

  async fetch(): Promise<Delivery | undefined> {
    if (!this.buffer.length) await new Promise<void>((r) => ((this.waiter = r), setTimeout(r, 1_000)));
    this.waiter = undefined;
    return this.buffer.shift();
  }

  ack(d: Delivery): Promise<void> {
    const m = this.take(d);
    if (m) m.ch.ack(m.msg);
    return Promise.resolve();
  }

  handBack(d: Delivery): Promise<void> {
    const m = this.take(d);
    if (m) m.ch.nack(m.msg, false, true);
    return Promise.resolve();
  }

  async park(d: Delivery, _reason: string): Promise<string> {
    const place = unservedQueue(d.queue);
    const m = this.take(d);
    if (!m || !this.conn) return place;
    const ch = await this.conn.createConfirmChannel();
    await ch.assertQueue(place, { durable: true });
    const { content, properties } = m.msg;
    await new Promise<void>((res, rej) =>
      ch.sendToQueue(place, content, { ...properties, headers: properties.headers ?? {} }, (e) => (e ? rej(e as Error) : res())),
    );
    await ch.close();
    m.ch.ack(m.msg);
    return place;
  }

  private take(d: Delivery): { msg: ConsumeMessage; ch: Channel } | undefined {
    const m = this.messages.get(d.tag);
    this.messages.delete(d.tag);
    return m && m.ch === this.ch ? m : undefined; // a dead channel's tags mean nothing now
  }

  maintain(): Promise<number> {
    return Promise.resolve(0); // RabbitMQ redelivers what a closed connection held
  }

  async credit(etaHeld: number): Promise<void> {
    this.extra = etaHeld;
    await this.ch?.prefetch(this.prefetch + etaHeld);
  }

  async depth(queue: string): Promise<number | undefined> {
    if (!this.conn) return undefined;
    const ch = await this.conn.createChannel();
    ch.on('error', () => undefined);
    try {
      return (await ch.checkQueue(queue)).messageCount;
    } catch {
      return undefined;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const d of this.buffer.splice(0)) await this.handBack(d);
    await this.conn?.close().catch(() => undefined);
  }
}
