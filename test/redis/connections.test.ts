// Connections one worker pod opens, per topology, measured on the real servers with CLIENT LIST
// (before and after the worker is ready, so replication and sentinel links do not count), and
// compared with what `tb-gen report` says (src/review/report.ts connectionsPerPod).
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionsPerPod } from '../../src/review/report.js';
import { freePort, requireBuild, ROOT, startWorker } from '../helpers/worker.js';
import { admin, startCluster, startSentinelGroup, startServer, stopAll, workDir, type Server } from './servers.js';

const APP = `${ROOT}/test/redis/fixtures/app.mjs`;
const measured: Record<string, unknown> = {};
beforeAll(() => requireBuild());
afterAll(async () => {
  await stopAll();
  if (process.env.CONNECTIONS_OUT) writeFileSync(process.env.CONNECTIONS_OUT, JSON.stringify(measured, null, 2) + '\n');
});

const clients = async (s: Server): Promise<number> => {
  const c = admin(s.port);
  const n = String(await c.call('CLIENT', 'LIST'))
    .split('\n')
    .filter((l) => l && !/ name=sentinel-/.test(l)).length; // sentinels name their own links sentinel-<id>-cmd/pubsub
  c.disconnect();
  return n - 1; // not this one
};
const count = async (servers: Server[]) => Promise.all(servers.map(clients));

async function opened(env: Record<string, string>, tasks: string, servers: Server[]): Promise<number[]> {
  const before = await count(servers);
  const w = startWorker([`--tasks=${tasks}`, `--health-port=${await freePort()}`], {
    ...env,
    TASK_BACKEND_APP: APP,
    TASK_BACKEND_PREFIX: '{conn}',
  });
  try {
    await w.waitForLog((l) => l.event === 'ready', 'ready', 20_000);
    await new Promise((r) => setTimeout(r, 500)); // subscriptions settle
    const after = await count(servers);
    return after.map((n, i) => n - (before[i] ?? 0));
  } finally {
    w.kill('SIGKILL');
    await w.exited;
    await new Promise((r) => setTimeout(r, 300));
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('connections per pod, measured with CLIENT LIST', () => {
  it.each([1, 2])('standalone, %i queue(s)', async (queues) => {
    const s = await startServer(workDir('conn'), []);
    const got = await opened({ TASK_BACKEND_BROKER_URL: `redis://127.0.0.1:${s.port}` }, queues === 1 ? 'record' : 'record,record_b', [s]);
    measured[`standalone/${queues}`] = got;
    expect(got).toEqual([connectionsPerPod(queues, { mode: 'standalone' }).total]);
  });

  it.each([1, 2])('sentinel (3 sentinels), %i queue(s)', async (queues) => {
    const g = await startSentinelGroup(workDir('conn'));
    const env = {
      TASK_BACKEND_REDIS_MODE: 'sentinel',
      TASK_BACKEND_REDIS_SENTINELS: g.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      TASK_BACKEND_REDIS_SENTINEL_MASTER: g.masterName,
    };
    const got = await opened(env, queues === 1 ? 'record' : 'record,record_b', [g.master, ...g.replicas, ...g.sentinels]);
    measured[`sentinel/${queues}`] = got;
    const want = connectionsPerPod(queues, { mode: 'sentinel', sentinels: 3 });
    const [master, ...rest] = got;
    expect(master).toBe(want.perServer);
    // A replica may get one more (measured 1 on an idle machine, 0 under load; cause not
    // established), never more: not counted by report, which does not know the replicas.
    for (const n of rest.slice(0, 2)) expect(n).toBeLessThanOrEqual(1);
    // One per client on each sentinel.
    expect(sum(rest.slice(2))).toBe(want.sentinels);
  });

  it.each([1, 2])('cluster (3 masters, 3 replicas), %i queue(s)', { timeout: 90_000 }, async (queues) => {
    const nodes = await startCluster(workDir('conn'));
    const env = {
      TASK_BACKEND_BROKER_URL: `redis://127.0.0.1:${nodes[0]?.port}`,
      TASK_BACKEND_REDIS_MODE: 'cluster',
    };
    const got = await opened(env, queues === 1 ? 'record' : 'record,record_b', nodes);
    measured[`cluster/${queues}`] = got;
    const want = connectionsPerPod(queues, { mode: 'cluster', nodes: 3 }); // the three masters
    for (const n of got) expect(n).toBeLessThanOrEqual(want.perServer);
    expect(got.slice(3)).toEqual([0, 0, 0]); // replicas: reads go to masters (scaleReads master)
    expect(sum(got)).toBeLessThanOrEqual(want.total);
  });
});
