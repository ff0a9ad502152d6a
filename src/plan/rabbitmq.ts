// KEDA's view of a Celery broker on RabbitMQ, shared by the checks and the renderers: whether the
// release's broker is RabbitMQ, and what its rabbitmq triggers and TriggerAuthentication carry.
// KEDA v2.21's rabbitmq scaler takes `host` (an amqp:// URL, or the management API's http:// URL)
// from the trigger's metadata or a TriggerAuthentication; a password never goes in the metadata.
import { AMQP_URL, CELERY_BACKEND } from '../contract/celery.js';
import type { Values } from '../values/model.js';
import { backendOf, rabbitProtocolOf } from './resolve.js';

/** What the rabbitmq triggers carry, or why KEDA could not read the broker. */
export interface KedaRabbit {
  /** protocol, and host (a broker_url without credentials) or vhostName (http, from broker_url). */
  metadata: Record<string, string>;
  /** The TriggerAuthentication's secretTargetRef entries: `host` from a Secret. */
  auth?: Array<{ parameter: string; name: string; key: string }>;
  problem?: string;
}

/** The release's Celery broker is RabbitMQ: an amqp:// broker_url, or taskConfig.rabbitmq (which says so of brokerSecret's URL). */
export function onRabbitBroker(values: Values): boolean {
  const tc = values.taskConfig ?? {};
  return backendOf(values) === CELERY_BACKEND && (tc.rabbitmq !== undefined || AMQP_URL.test(tc.broker_url ?? ''));
}

/** taskConfig.rabbitmq, brokerSecret and (for development) broker_url, as the triggers read them. */
export function kedaRabbit(values: Values): KedaRabbit {
  const tc = values.taskConfig ?? {};
  const protocol = rabbitProtocolOf(values);
  const url = tc.brokerSecret ? undefined : parseAmqp(tc.broker_url);
  const out: KedaRabbit = { metadata: { protocol } };
  const fromSecret = (s: { name: string; key: string }) => (out.auth = [{ parameter: 'host', name: s.name, key: s.key }]);
  if (protocol === 'http') {
    // The management API is asked for /api/queues/<vhost>/<queue>: the broker's vhost, when known.
    if (url) out.metadata.vhostName = url.vhost;
    if (tc.rabbitmq?.managementSecret) fromSecret(tc.rabbitmq.managementSecret);
    else out.problem = 'protocol http reads the management API, whose URL taskConfig.rabbitmq.managementSecret does not name';
  } else if (tc.brokerSecret) fromSecret(tc.brokerSecret);
  else if (!url) out.problem = 'neither taskConfig.brokerSecret nor an amqp:// broker_url gives the broker URL';
  else if (url.credentials) out.problem = 'broker_url carries credentials, which KEDA would need from a Secret';
  else out.metadata.host = url.host;
  return out;
}

/**
 * An amqp URL as KEDA's AMQP client takes it (kombu's pyamqp:// is amqp:// to it), its vhost as
 * kombu reads the path (`/` when empty; `//` is the vhost `/`), and whether it carries a user.
 */
function parseAmqp(raw: string | undefined): { host: string; vhost: string; credentials: boolean } | undefined {
  if (!raw || !AMQP_URL.test(raw)) return undefined;
  try {
    const u = new URL(raw);
    return {
      host: raw.replace(/^py/, ''),
      vhost: decodeURIComponent(u.pathname.replace(/^\//, '')) || '/',
      credentials: u.username !== '' || u.password !== '',
    };
  } catch {
    return undefined;
  }
}
