// Redis Cluster on real servers: three masters with a replica each. The worker and the producer run
// on a hash-tagged prefix (every key of a queue in one slot); under a steady load of jobs the master
// of that slot is SIGKILLed, its replica takes over, and jobs lost, stuck and run twice are counted.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../helpers/worker.js';
import { failoverUnderLoad, type FailoverFigures } from './load.js';
import { kill, masterOf, startCluster, stopAll, workDir } from './servers.js';

const figures: Record<string, FailoverFigures> = {};
beforeAll(() => requireBuild());
afterAll(async () => {
  await stopAll();
  if (process.env.FAILOVER_OUT) writeFileSync(process.env.FAILOVER_OUT, JSON.stringify(figures, null, 2) + '\n');
});

describe('Redis Cluster failover under load', () => {
  it('the worker and producer follow the promoted replica, /readyz reports the gap; no job is stuck', { timeout: 90_000 }, async () => {
    const dir = workDir('cluster');
    const nodes = await startCluster(dir);
    const prefix = '{clus}';
    const env = {
      TASK_BACKEND_BROKER_URL: `redis://127.0.0.1:${nodes[0]?.port}`,
      TASK_BACKEND_REDIS_MODE: 'cluster',
      TASK_BACKEND_REDIS_NODES: nodes
        .slice(0, 3)
        .map((n) => `127.0.0.1:${n.port}`)
        .join(','),
      TASK_BACKEND_PREFIX: prefix,
    };
    const master = await masterOf(nodes, `${prefix}:jobs:wait`);
    const f = await failoverUnderLoad({ env, dir, kill: () => kill(master) });
    figures['master failover'] = f;
    process.stdout.write(`cluster failover: ${JSON.stringify(f)}\n`);
    expect(f.workerExited).toBe(false);
    // The Cluster client stays 'ready' while one master is down (the others answer); /readyz
    // follows the master of the queue's slot instead, so it reports the gap and then 200 again.
    expect(f.readyGap, JSON.stringify(f)).toBe(true);
    expect(f.notReadyReason).toMatch(/redis not connected: queue 'jobs': the master of slot \d+/);
    expect(f.stuck).toBe(0);
    expect(f.confirmed).toBeGreaterThan(10); // the load ran (how many depends on the machine)
    expect(f.lost).toBeLessThan(f.confirmed / 4);
  });
});
