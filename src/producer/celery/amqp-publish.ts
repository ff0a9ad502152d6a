// Celery over AMQP (RabbitMQ) through amqplib: queues and exchanges declared as Celery declares
// them (a durable queue X bound to a durable direct exchange X with routing key X), and protocol 2
// messages published with AMQP's own properties and the body as raw JSON.

import { connect, type Channel, type ChannelModel } from 'amqplib';
import type { buildTask } from './protocol.js';

/** Declare queue X as Celery does; a queue someone declared with other arguments (x-max-priority) is used as it is. */
export async function declareQueue(conn: ChannelModel, queue: string): Promise<void> {
  const ch = await conn.createChannel();
  ch.on('error', () => undefined); // a 406 closes this channel only
  try {
    await ch.assertExchange(queue, 'direct', { durable: true, autoDelete: false });
    try {
      await ch.assertQueue(queue, { durable: true, autoDelete: false, exclusive: false });
    } catch {
      const check = await conn.createChannel();
      await check.checkQueue(queue); // exists with arguments of its own: fine, unless it does not exist at all
      await check.close();
    }
    const bind = await conn.createChannel();
    await bind.bindQueue(queue, queue, queue);
    await bind.close();
  } finally {
    await ch.close().catch(() => undefined);
  }
}

/** AMQP properties and the raw JSON body of a built task. */
export function amqpMessage(m: ReturnType<typeof buildTask>): { content: Buffer; options: Parameters<Channel['publish']>[3] } {
  return {
    content: Buffer.from(m.body, 'utf8'),
    options: {
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      headers: m.headers,
      correlationId: String(m.properties.correlation_id),
      replyTo: String(m.properties.reply_to),
      deliveryMode: 2,
      priority: Number(m.properties.priority ?? 0),
    },
  };
}

/** A publisher on its own connection: declares each queue once, then publishes with confirms. */
export async function amqpPublisher(
  url: string,
): Promise<{ send: (queue: string, m: ReturnType<typeof buildTask>) => Promise<void>; close: () => Promise<void> }> {
  const conn = await connect(url);
  conn.on('error', () => undefined);
  const ch = await conn.createConfirmChannel();
  const declared = new Set<string>();
  return {
    send: async (queue, m) => {
      if (!declared.has(queue)) await declareQueue(conn, queue);
      declared.add(queue);
      const { content, options } = amqpMessage(m);
      await new Promise<void>((resolve, reject) =>
        ch.publish(queue, queue, content, options, (err) => (err ? reject(err as Error) : resolve())),
      );
    },
    close: async () => {
      await conn.close().catch(() => undefined);
    },
  };
}
