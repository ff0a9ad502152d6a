// What the celery runner needs from a broker, Redis (kombu's layout) or AMQP (RabbitMQ): fetch
// one message when a slot is free, acknowledge it after its result, hand it back, or park it
// where an operator can find it. The runner holds the slots; a transport never fetches ahead.

import type { Decoded } from '../../producer/celery/protocol.js';

/** One fetched, unacknowledged message. */
export interface Delivery {
  /** The queue it was consumed from. */
  queue: string;
  decoded: Decoded;
  /** The transport's handle (kombu's delivery_tag in Redis, the channel's tag over AMQP). */
  tag: string;
}

/** A broker connection as the celery runner drives it. */
export interface Transport {
  /** True while the broker connection is up. */
  readonly connected: boolean;
  /** Connect and declare the queues; true once ready, false if `stop` settles first. */
  open(stop: Promise<void>): Promise<boolean>;
  /** Wait a short while (about 1 s) for one message; undefined when none came. */
  fetch(): Promise<Delivery | undefined>;
  /** Done with it: the result (if any) is stored. */
  ack(d: Delivery): Promise<void>;
  /** Put it back where the next fetch (of any worker) takes it first. */
  handBack(d: Delivery): Promise<void>;
  /** Move it out of the queue into the place unserved messages are kept; returns that place's name. */
  park(d: Delivery, reason: string): Promise<string>;
  /** Every few seconds: keep `held` alive and recover what dead workers held; returns messages restored. */
  maintain(held: readonly Delivery[]): Promise<number>;
  /** AMQP: `etaHeld` messages wait for their ETA without a slot; the broker may send that many more. */
  credit?(etaHeld: number): Promise<void>;
  /** Messages waiting in a queue, or undefined when the broker does not answer fast. */
  depth(queue: string): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Where a queue's unserved messages are kept (a Redis list, or an AMQP queue of that name). */
export const unservedQueue = (queue: string): string => `_task_backend.unserved.${queue}`;
