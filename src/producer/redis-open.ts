// Open a connection to the resolved Redis description: one server, a Sentinel group (the client
// asks the sentinels for the master and follows a failover without a restart) or a Cluster. The
// worker, the producers and task-backend-enqueue open connections here, each with its own options.

import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { REDIS_ENV, type RedisTarget } from '../contract/redis.js';

/** A connection to any topology: BullMQ takes both kinds. */
export type RedisClient = Redis | Cluster;

/** The client's own options (retries, names, timeouts) that the topology does not decide. */
export type ClientOptions = Pick<
  RedisOptions,
  'maxRetriesPerRequest' | 'retryStrategy' | 'connectionName' | 'connectTimeout' | 'lazyConnect'
>;

/** Read a TLS file named by a variable; a clear error naming the variable when it cannot be read. */
function readTlsFile(path: string, variable: string, read: (p: string) => Buffer): Buffer {
  try {
    return read(path);
  } catch (err) {
    throw new Error(`${variable}=${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, {
      cause: err,
    });
  }
}

/** Node's TLS options for the description: the CA bundle, the client certificate, server-name checks on unless told. */
export function tlsOptions(t: RedisTarget, read: (p: string) => Buffer = readFileSync): ConnectionOptions | undefined {
  if (!t.tls) return undefined;
  const o: ConnectionOptions = {};
  if (t.tls.caFile) o.ca = readTlsFile(t.tls.caFile, REDIS_ENV.ca, read);
  if (t.tls.certFile) o.cert = readTlsFile(t.tls.certFile, REDIS_ENV.cert, read);
  if (t.tls.keyFile) o.key = readTlsFile(t.tls.keyFile, REDIS_ENV.key, read);
  if (t.tls.insecureSkipVerify) o.rejectUnauthorized = false;
  return o;
}

/** Open the description with the client's options; throws (before any socket) when a TLS file is unreadable. */
export function openRedis(t: RedisTarget, client: ClientOptions): RedisClient {
  const tls = tlsOptions(t);
  const auth: RedisOptions = { ...(t.username ? { username: t.username } : {}), ...(t.password ? { password: t.password } : {}) };
  if (t.mode === 'cluster') {
    const { retryStrategy, ...rest } = client;
    return new Cluster(t.nodes ?? [], {
      redisOptions: { ...auth, ...rest, ...(tls ? { tls } : {}) },
      ...(retryStrategy ? { clusterRetryStrategy: (n: number) => retryStrategy(n) ?? null } : {}),
      // A queue's Lua scripts and blocking reads go to the master of its slot.
      scaleReads: 'master',
    });
  }
  if (t.mode === 'sentinel') {
    return new Redis({
      ...auth,
      ...client,
      db: t.db,
      sentinels: t.sentinels,
      name: t.sentinelMaster,
      ...(t.sentinelPassword ? { sentinelPassword: t.sentinelPassword } : {}),
      // Subscribe to the sentinels' +switch-master, so a failover moves the connection at once.
      failoverDetector: true,
      ...(tls ? { tls, enableTLSForSentinelMode: true, sentinelTLS: tls } : {}),
    });
  }
  const u = new URL(t.url);
  return new Redis({
    ...auth,
    ...client,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port || 6379),
    db: t.db,
    ...(tls ? { tls } : {}),
  });
}
