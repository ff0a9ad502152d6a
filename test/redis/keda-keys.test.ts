// The rendered redis-sentinel and redis-cluster triggers read on real servers as KEDA's redis scaler
// reads them (v2.21: find the master, or route by slot, then TYPE and LLEN/ZCARD of `listName`):
// docs/redis.md's values, verbatim but for the servers' addresses, point at the keys a plain BullMQ
// Queue fills. KEDA's operator itself scales on a TLS Redis in test/e2e/redis-tls.test.ts; these
// two topologies stay off the node (its pods would need every server relayed).
import { Queue } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describe as show, gen } from '../helpers/run.js';
import { ROOT } from '../helpers/worker.js';
import { startCluster, startSentinelGroup, stopAll, workDir } from './servers.js';

type Obj = Record<string, any>;
const doc = readFileSync(join(ROOT, 'docs/redis.md'), 'utf8');
/** The first yaml block after a heading of docs/redis.md. */
const valuesUnder = (heading: string): string => /```yaml\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf(`\n${heading}\n`)))?.[1] ?? '';

afterAll(() => stopAll());

/** The ScaledObject's triggers for `values`, with the listed addresses replaced by `addresses`. */
function triggers(values: string, key: 'sentinels' | 'nodes', addresses: string[]): Obj[] {
  const r = gen(values, { sets: [`taskConfig.redis.${key}={${addresses.join(',')}}`] });
  if (!r.objects) throw new Error(show(r.diagnostics));
  const so = r.objects.map((o) => o.object as Obj).find((o) => o.kind === 'ScaledObject');
  return so?.spec.triggers as Obj[];
}

/** What KEDA's redis scaler counts for a key: the length its type has, 0 when absent. */
async function count(c: Redis | Cluster, key: string): Promise<number> {
  const type = await c.type(key);
  if (type === 'list') return c.llen(key);
  if (type === 'zset') return c.zcard(key);
  if (type === 'none') return 0;
  throw new Error(`${key} is a ${type}`);
}

/** Three plain jobs and two with a priority, on the queue of `api_process`. */
async function fill(queue: Queue): Promise<void> {
  for (let i = 0; i < 3; i++) await queue.add('api_process', { i });
  for (let i = 0; i < 2; i++) await queue.add('api_process', { i }, { priority: 5 });
}
const EXPECTED = { wait_0: 3, prioritized_0: 2, active_0: 0 };

describe("the rendered triggers on real servers, read as KEDA's redis scaler reads them", () => {
  it('redis-sentinel: the master the trigger names, through its sentinel addresses', { timeout: 60_000 }, async () => {
    const g = await startSentinelGroup(workDir('keda-sentinel'));
    const ts = triggers(
      valuesUnder('## Sentinel'),
      'sentinels',
      g.sentinels.map((s) => `127.0.0.1:${s.port}`),
    );
    const producer = new Redis({ sentinels: g.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })), name: g.masterName });
    const queue = new Queue('api_process', { connection: producer, prefix: 'jobs' });
    await fill(queue);
    const got: Record<string, number> = {};
    for (const t of ts) {
      expect(t.type).toBe('redis-sentinel');
      const [host, port] = (t.metadata.addresses as string).split(',')[0]!.split(':');
      const sentinel = new Redis({ host, port: Number(port) });
      const [mHost, mPort] = (await sentinel.call('SENTINEL', 'get-master-addr-by-name', t.metadata.sentinelMaster)) as [string, string];
      sentinel.disconnect();
      const master = new Redis({ host: mHost, port: Number(mPort) });
      got[t.name as string] = await count(master, t.metadata.listName as string);
      master.disconnect();
    }
    await queue.close();
    producer.disconnect();
    expect(got).toEqual(EXPECTED);
  });

  it('redis-cluster: the slot of the hash-tagged key, through the seed addresses', { timeout: 60_000 }, async () => {
    const nodes = await startCluster(workDir('keda-cluster'));
    const seeds = nodes.slice(0, 3).map((n) => `127.0.0.1:${n.port}`);
    const ts = triggers(valuesUnder('## Cluster'), 'nodes', seeds);
    const asNodes = (list: string[]) => list.map((a) => ({ host: a.split(':')[0], port: Number(a.split(':')[1]) }));
    const producer = new Cluster(asNodes(seeds));
    const queue = new Queue('api_process', { connection: producer, prefix: '{jobs}' });
    await fill(queue);
    const got: Record<string, number> = {};
    for (const t of ts) {
      expect(t.type).toBe('redis-cluster');
      const reader = new Cluster(asNodes((t.metadata.addresses as string).split(',')));
      got[t.name as string] = await count(reader, t.metadata.listName as string);
      reader.disconnect();
    }
    await queue.close();
    producer.disconnect();
    expect(got).toEqual(EXPECTED);
  });
});
