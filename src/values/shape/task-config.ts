// taskConfig: what every worker shares, the broker and how the workers, producers and KEDA reach
// its Redis (topology, TLS files and KEDA's credentials; docs/redis.md).
import { BACKENDS } from '../../contract/args.js';
import * as D from '../../contract/defaults.js';
import * as R from '../../contract/redis.js';
import { bool, choice, int, list, obj, raw, str } from './build.js';
import { secretKey, secretRef, subdomain } from './common.js';

const hostList = (description: string) =>
  list(description, raw<string>({ type: 'string', pattern: '^[^\\s:,]+:[0-9]{1,5}$', description: 'host:port' }), { minItems: 1 });

// The topology and TLS keys: Sentinel and Cluster addresses, the CA and client certificate
// Secrets the Deployment mounts and KEDA's TriggerAuthentication reads.
const topology = {
  sentinels: hostList("sentinel: host:port of each sentinel (TASK_BACKEND_REDIS_SENTINELS; KEDA's addresses)."),
  nodes: hostList("cluster: host:port of the seed nodes (TASK_BACKEND_REDIS_NODES; KEDA's addresses)."),
  caSecret: obj(
    'TLS: Secret with the PEM CA bundle that signed the Redis server certificate; mounted read-only (TASK_BACKEND_REDIS_CA) and given to KEDA as ca.',
    { name: subdomain('Secret name.'), key: secretKey('Key holding the CA bundle.') },
    ['name', 'key'],
  ),
  clientCertSecret: obj(
    "TLS: Secret with a client certificate and key, for a server that asks for one (TASK_BACKEND_REDIS_CERT and _KEY; KEDA's cert and key).",
    {
      name: subdomain('Secret name.'),
      certKey: secretKey(`Key holding the PEM certificate (default ${R.CLIENT_CERT_KEYS.certKey}).`),
      keyKey: secretKey(`Key holding the PEM private key (default ${R.CLIENT_CERT_KEYS.keyKey}).`),
    },
    ['name'],
  ),
  insecureSkipVerify: bool('TLS: do not check the server certificate and name (tb-gen warns; KEDA unsafeSsl).'),
};

/** taskConfig.redis: the broker Redis as workers, producers and KEDA reach it. */
export const redis = obj(
  'How the workers, the producers and KEDA reach the broker Redis: the topology, TLS files and, for KEDA (which cannot read a redis:// URL), the address and credentials from a Secret.',
  {
    mode: choice(
      `standalone, cluster or sentinel: KEDA's redis, redis-cluster or redis-sentinel trigger (default ${D.DEFAULT_REDIS_MODE}).`,
      Object.keys(D.REDIS_TRIGGER_TYPES) as Array<keyof typeof D.REDIS_TRIGGER_TYPES>,
    ),
    database: int('Database index BullMQ uses (default 0, or the path of broker_url).', 0, 1000),
    tls: bool('Connect with TLS (default: true when broker_url is rediss://).'),
    sentinelMaster: str('sentinel: the master set name.', { minLength: 1 }),
    ...topology,
    secret: obj(
      'Secret with the Redis address and credentials for KEDA (one TriggerAuthentication per release reads it).',
      {
        name: subdomain('Secret name.'),
        addressKey: secretKey('Key holding host:port (cluster and sentinel: a comma-separated list).'),
        usernameKey: secretKey('Key holding the Redis user name.'),
        passwordKey: secretKey('Key holding the Redis password.'),
        sentinelPasswordKey: secretKey('sentinel: key holding the Sentinel password.'),
      },
      ['name'],
    ),
  },
);

/** taskConfig.rabbitmq: how KEDA reads a Celery broker on RabbitMQ (docs/celery-python.md). */
export const rabbitmq = obj(
  "How KEDA reads a Celery broker on RabbitMQ (autoscaling.mode keda): one rabbitmq trigger per consumed queue, summed. Setting it also says that brokerSecret's URL is RabbitMQ's (an amqp:// broker_url says so itself).",
  {
    protocol: choice(
      `amqp: KEDA counts each queue's ready messages over AMQP, reading the broker URL (brokerSecret, or a broker_url without credentials), so a prefetched or running task counts nowhere; http: ready plus unacknowledged messages, through the management API at managementSecret's URL (default ${D.KEDA.rabbitmq.protocol}).`,
      D.KEDA.rabbitmq.protocols,
    ),
    managementSecret: obj(
      "protocol http: Secret holding the management API's URL, http(s)://user:password@host:15672/<vhost> (KEDA's host); the vhost may be left out when broker_url gives it.",
      { name: subdomain('Secret name.'), key: secretKey('Key holding the URL.') },
      ['name', 'key'],
    ),
  },
);

/** taskConfig: settings every worker shares. */
export const taskConfig = obj('Settings shared by every worker.', {
  backend_type: choice(
    'Task backend the workers run: bullmq runs task-backend-worker; any other starts your own image with the selection flags.',
    BACKENDS,
  ),
  broker_url: str('Broker URL as plain text; a development fallback when brokerSecret is not set.', { minLength: 1 }),
  brokerSecret: secretRef('Secret that holds the broker URL.'),
  result_backend: str(
    "Celery's result_backend as plain text (TASK_BACKEND_RESULT_BACKEND, a redis:// URL); a development fallback when resultBackendSecret is not set. Unset, celery workers store no results.",
    { minLength: 1 },
  ),
  resultBackendSecret: secretRef("Secret that holds Celery's result_backend URL (TASK_BACKEND_RESULT_BACKEND)."),
  app: str('Module the worker loads to register its tasks (TASK_BACKEND_APP).', { minLength: 1 }),
  prefix: str('BullMQ key prefix (TASK_BACKEND_PREFIX); in Redis Cluster it must hold a {hash tag}.', { minLength: 1 }),
  redis,
  rabbitmq,
});
