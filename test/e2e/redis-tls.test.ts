// KEDA's operator scaling a worker on a TLS-only Redis on the real node: a redis-server with a
// TLS port only, its certificates made here with openssl (a private CA; the server certificate
// names 127.0.0.1 for the host and 10.244.0.1 for the pods), a TCP relay from the pods' bridge to
// it, and values with a rediss:// broker URL and taskConfig.redis.caSecret (a Secret made here).
// Installed by the chart, the worker sits at 0; a job from a BullMQ producer on the host, over TLS,
// wakes it 0 -> 1 (KEDA, a host process, reads the queue over TLS with the CA from the
// TriggerAuthentication), the pod runs the job over TLS, and the release goes back to 0.
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, get, kubeconfig, restrictedNamespace, waitFor, type Obj } from '../cluster/kube.js';
import { makeCerts, startServer, stopAll, tlsLines, workDir, type Certs, type Server } from '../redis/servers.js';
import { chart, figure, helm, newPrefix, Producer, releaseValues, tearDown } from './e2e.js';
import { BRIDGE_HOST, relay, type Relay } from './relay.js';

const RELEASE = 'tlswake';
const COOLDOWN = 3;
let ns = '';
let prefix = '';
let certs: Certs;
let server: Server;
let tlsRelay: Relay;
let redis: Redis;
let producer: Producer;
const deployment = () => `/apis/apps/v1/namespaces/${ns}/deployments/${RELEASE}-task-worker-tls`;
const replicas = async (): Promise<number> => ((await get(deployment())).spec.replicas ?? 1) as number;
const pods = async (): Promise<number> => ((await get(`/api/v1/namespaces/${ns}/pods`)).items as Obj[]).length;

beforeAll(async () => {
  kubeconfig();
  const dir = workDir('e2e-tls');
  certs = makeCerts(dir, [BRIDGE_HOST]);
  server = await startServer(dir, tlsLines(certs, false));
  tlsRelay = await relay('127.0.0.1', server.port);
  ns = await restrictedNamespace('e2e-redis-tls');
  prefix = newPrefix('tls');
  redis = new Redis({ host: '127.0.0.1', port: server.port, tls: { ca: readFileSync(certs.ca) }, maxRetriesPerRequest: null });
  producer = new Producer(redis, prefix);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'redis-ca' },
    stringData: { 'ca.crt': readFileSync(certs.ca, 'utf8') },
  };
  const r = await api('POST', `/api/v1/namespaces/${ns}/secrets`, secret);
  if (r.status !== 201) throw new Error(`create Secret redis-ca: ${r.status} ${r.body.message}`);
}, 120_000);

afterAll(async () => {
  await tearDown({ producer, redis, prefix, release: RELEASE, ns });
  await tlsRelay?.close();
  await stopAll();
});

describe('KEDA on a TLS-only Redis with a private CA, on a real node', () => {
  it('installs with rediss:// and caSecret, sits at 0, wakes for a job sent over TLS, completes it, and goes back to 0', async () => {
    const values = releaseValues(prefix, {
      tls: {
        tasks: ['urgent_task'],
        autoscaling: { enabled: true, mode: 'keda', minReplicas: 0, maxReplicas: 1, pollingInterval: 2, cooldownPeriod: COOLDOWN },
      },
    });
    values.taskConfig = {
      ...values.taskConfig,
      broker_url: `rediss://${BRIDGE_HOST}:${tlsRelay.port}`,
      redis: { caSecret: { name: 'redis-ca', key: 'ca.crt' } },
    };
    await helm(['install', RELEASE, ...chart(), '--namespace', ns], values);
    const so = `/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects/${RELEASE}-task-worker-tls`;
    const ready = (o: Obj) => ((o.status?.conditions ?? []) as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True');
    await waitFor('the ScaledObject Ready (KEDA reached Redis over TLS)', async () => (ready(await get(so)) ? true : undefined), 90_000);
    await waitFor('0 replicas and no pod', async () => ((await replicas()) === 0 && (await pods()) === 0 ? true : undefined), 120_000);

    const t = Date.now();
    const id = await producer.add('urgent_task', { message: 'over tls' });
    let most = 0;
    const job = await waitFor(
      'the job finished',
      async () => {
        most = Math.max(most, await replicas());
        const j = await producer.job('urgent_task', id);
        return j?.finishedOn ? j : undefined;
      },
      120_000,
    );
    expect(job.failedReason).toBeUndefined();
    expect((job.returnvalue as Obj).message).toBe('over tls');
    expect(most).toBe(1);
    figure('KEDA over TLS: job enqueued at 0 replicas to completed', ((job.finishedOn as number) - t) / 1000, 's', 'pollingInterval 2 s');
    const done = Date.now();
    await waitFor(
      'back to 0 replicas and no pod',
      async () => ((await replicas()) === 0 && (await pods()) === 0 ? true : undefined),
      120_000,
    );
    figure('KEDA over TLS: after the job, back to 0 pods', (Date.now() - done) / 1000, 's', `cooldownPeriod ${COOLDOWN} s`);
  });
});
