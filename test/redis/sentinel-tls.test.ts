// Sentinel over TLS on real servers: a master, two replicas and three sentinels that listen on TLS
// ports only (`port 0`) and replicate and monitor over TLS, certificates from a private CA made with
// openssl. The worker binary and the producer ask the sentinels for the master over TLS with
// TASK_BACKEND_REDIS_CA, jobs complete, and the master is SIGKILLed under load as in
// sentinel.test.ts, with the same counts (bench/README.md has the figures).
import { readFileSync, writeFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRedisTarget, type RedisTarget } from '../../src/contract/redis.js';
import { openRedis } from '../../src/producer/redis-open.js';
import { requireBuild, waitUntil } from '../helpers/worker.js';
import { failoverUnderLoad, type FailoverFigures } from './load.js';
import { admin, kill, makeCerts, startSentinelGroup, stopAll, workDir, type Certs, type SentinelGroup } from './servers.js';

const figures: Record<string, FailoverFigures> = {};
let certs: Certs;
let group: SentinelGroup;
let dir: string;

beforeAll(async () => {
  requireBuild();
  dir = workDir('sentinel-tls');
  certs = makeCerts(dir);
  group = await startSentinelGroup(dir, [], certs);
}, 60_000);
afterAll(async () => {
  await stopAll();
  if (process.env.FAILOVER_OUT) writeFileSync(process.env.FAILOVER_OUT, JSON.stringify(figures, null, 2) + '\n');
});

const tlsEnv = (): Record<string, string> => ({
  // The URL gives the scheme (TLS), user, password and database; its host is not used in sentinel mode.
  TASK_BACKEND_BROKER_URL: 'rediss://unused-in-sentinel-mode:6379',
  TASK_BACKEND_REDIS_CA: certs.ca,
  TASK_BACKEND_REDIS_MODE: 'sentinel',
  TASK_BACKEND_REDIS_SENTINELS: group.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
  TASK_BACKEND_REDIS_SENTINEL_MASTER: group.masterName,
  TASK_BACKEND_PREFIX: 'senttls',
});

// The same connection as openRedis opens, written out for a plain ioredis client.
const plainOptions = (t: RedisTarget): RedisOptions => {
  const tls = { ca: readFileSync(certs.ca) };
  return { sentinels: t.sentinels, name: t.sentinelMaster, failoverDetector: true, tls, sentinelTLS: tls, enableTLSForSentinelMode: true };
};

describe('Sentinel over TLS', () => {
  it('the sentinels and the master answer TLS only: a plain client gets no reply', async () => {
    for (const port of [group.sentinels[0]?.port ?? 0, group.master.port]) {
      const plain = admin(port, { retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
      plain.on('error', () => undefined);
      await expect(plain.ping()).rejects.toThrow();
      plain.disconnect();
    }
  });

  // What ioredis's failover detector does on +switch-master: close the connector. Done while a
  // client still asks a sentinel for the master, it ends a plain ioredis client for good.
  it('a client whose connect is cut while it asks a sentinel for the master connects again', async () => {
    const target = resolveRedisTarget(tlsEnv());
    if (!target.ok) throw new Error(target.errors.join('; '));
    const cut = (c: Redis) => (c as unknown as { connector: { disconnect(): void } }).connector.disconnect();
    const plain = new Redis({ ...plainOptions(target.value), retryStrategy: () => 200 });
    const ours = openRedis(target.value, { maxRetriesPerRequest: 1, retryStrategy: () => 200 }) as Redis;
    let oursEnded = false;
    ours.once('end', () => (oursEnded = true));
    for (const c of [plain, ours]) {
      c.on('error', () => undefined);
      cut(c);
    }
    await waitUntil(() => plain.status === 'end' && oursEnded, 'both clients ended');
    await waitUntil(() => ours.status === 'ready', 'ours ready again');
    expect(await ours.ping()).toBe('PONG');
    await new Promise((r) => setTimeout(r, 500));
    expect(plain.status).toBe('end'); // ioredis alone does not come back
    ours.disconnect();
  });

  it(
    'the worker and producer reach the master through the sentinels; a failover loses and repeats nothing',
    { timeout: 90_000 },
    async () => {
      const f = await failoverUnderLoad({ env: tlsEnv(), dir, kill: () => kill(group.master) });
      figures['over TLS'] = f;
      process.stdout.write(`sentinel failover over TLS: ${JSON.stringify(f)}\n`);
      expect(f.workerExited).toBe(false);
      expect(f.readyGap, JSON.stringify(f)).toBe(true);
      expect(f.stuck).toBe(0);
      expect(f.confirmed).toBeGreaterThan(10); // jobs completed before and after the kill (the load ran)
      expect(f.lost).toBeLessThan(f.confirmed / 4);
    },
  );
});
