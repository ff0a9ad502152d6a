// The transport a broker URL names: Redis (redis://, rediss://) in kombu's layout, or AMQP (amqp://, amqps://).

import { isAmqpUrl } from '../../contract/broker.js';
import type { ResolvedConfig } from '../config.js';
import type { LogFn } from '../log.js';
import { AmqpTransport } from './amqp-transport.js';
import { RedisTransport } from './redis-transport.js';
import type { Transport } from './transport.js';

/** Make the transport for the worker's broker URL; nothing connects until open(). */
export function openTransport(cfg: ResolvedConfig, log: LogFn, name: string): Transport {
  if (isAmqpUrl(cfg.brokerUrl)) return new AmqpTransport(cfg.brokerUrl, cfg.queues, cfg.concurrency, log);
  return new RedisTransport(cfg.redis ?? cfg.brokerUrl, cfg.queues, cfg.visibilityTimeout, log, name);
}
