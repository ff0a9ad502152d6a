// Mistakes in taskConfig.redis: what a part cannot do (src/plan/checks-redis.ts), each row run by
// tb-gen (test/invalid.test.ts) and by Helm 3 and 4 (test/chart/invalid.test.ts).
import { E, W, type Row } from '../helpers/expect-diagnostics.js';

/** Rows for src/plan/checks-redis.ts. */
export const REDIS_ROWS: Row[] = [
  {
    kind: 'Sentinel without the sentinels the workers ask for the master',
    values: `
      taskConfig:
        redis: { »mode: sentinel, sentinelMaster: mymaster }
      workers:
        a:
          tasks: [t]`,
    want: [E('REDIS_TOPOLOGY_INCOMPLETE', /sentinels: \[sentinel-0:26379/)],
  },
  {
    kind: 'Redis Cluster with the celery backend',
    values: `
      taskConfig:
        backend_type: celery
        prefix: "{jobs}"
        redis: { »mode: cluster }
      workers:
        a:
          tasks: [t]`,
    want: [E('REDIS_TOPOLOGY_UNSUPPORTED', /standalone or sentinel for Celery/)],
  },
  {
    kind: 'Redis Cluster with a database other than 0',
    values: `
      taskConfig:
        prefix: "{jobs}"
        redis: { mode: cluster, »database: 2 }
      workers:
        a:
          tasks: [t]`,
    want: [E('REDIS_TOPOLOGY_UNSUPPORTED', /remove taskConfig.redis.database/)],
  },
  {
    kind: 'a CA Secret on a redis:// broker URL',
    values: `
      taskConfig:
        broker_url: redis://redis:6379
        redis: { »caSecret: { name: redis-ca, key: ca.crt } }
      workers:
        a:
          tasks: [t]`,
    want: [E('REDIS_TOPOLOGY_UNSUPPORTED', /rediss:\/\//)],
  },
  {
    kind: 'TLS without checking the server certificate',
    values: `
      taskConfig:
        redis: { tls: true, »insecureSkipVerify: true }
      workers:
        a:
          tasks: [t]`,
    want: [W('REDIS_TLS_UNVERIFIED', /caSecret/)],
  },
];
