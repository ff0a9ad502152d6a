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

/** How long a Sentinel client that ioredis ended mid-reconnect waits before connecting again. */
const REVIVE_MS = 200;

/**
 * A Sentinel client that survives ioredis ending it mid-reconnect. ioredis's failover detector
 * (a sentinel's `+switch-master`) closes the connector; when that lands while a reconnect is still
 * asking a sentinel for the master, the client goes from 'connecting' straight to 'end' and never
 * retries, so a worker or producer stays cut off after a failover. TLS sentinels, whose handshakes
 * widen that window, showed it in 2 of 9 runs (test/redis/sentinel-tls.test.ts). Such an end, not
 * asked for by disconnect() or QUIT (those pass through 'close'), connects again.
 */
class SentinelRedis extends Redis {
  private closeAsked = false;

  constructor(options: RedisOptions) {
    super(options);
    let last: string = this.status;
    for (const s of ['connecting', 'connect', 'ready', 'close', 'reconnecting']) this.on(s, () => (last = s));
    this.on('end', () => {
      if (last === 'connecting' && !this.closeAsked) setTimeout(() => void this.connect().catch(() => undefined), REVIVE_MS).unref();
      last = 'end';
    });
  }

  override disconnect(reconnect = false): void {
    if (!reconnect) this.closeAsked = true;
    super.disconnect(reconnect);
  }

  // BullMQ's blocking connection is a duplicate: it gets the same guard.
  override duplicate(override?: Partial<RedisOptions>): Redis {
    return new SentinelRedis({ ...this.options, ...override });
  }
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
    return new SentinelRedis({
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
