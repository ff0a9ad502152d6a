// TLS with a private CA on a real redis-server (openssl certificates): the worker binary and the
// producer connect with TASK_BACKEND_REDIS_CA, are refused without it (or with another CA) with a
// message that says why, and present a client certificate when the server asks for one.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer } from '../../src/producer/producer.js';
import { httpGet, freePort, requireBuild, ROOT, startWorker, waitUntil, type WorkerHandle } from '../helpers/worker.js';
import { makeCerts, startServer, stopAll, tlsLines, workDir, type Certs, type Server } from './servers.js';

const APP = join(ROOT, 'test/redis/fixtures/app.mjs');
const CATALOGUE = join(ROOT, 'test/redis/fixtures/tasks.yaml');
let certs: Certs;
let plain: Server; // TLS, no client certificate asked
let mutual: Server; // TLS, client certificate required
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  requireBuild();
  const dir = workDir('tls');
  certs = makeCerts(dir);
  plain = await startServer(dir, tlsLines(certs, false));
  mutual = await startServer(dir, tlsLines(certs, true));
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await stopAll();
});

const env = (server: Server, extra: Record<string, string>) => ({
  TASK_BACKEND_BROKER_URL: `rediss://127.0.0.1:${server.port}`,
  TASK_BACKEND_APP: APP,
  TASK_BACKEND_PREFIX: 'tls',
  ...extra,
});

async function worker(e: Record<string, string>): Promise<{ w: WorkerHandle; health: number }> {
  const health = await freePort();
  const w = startWorker(['--tasks=record', `--health-port=${health}`], e);
  workers.push(w);
  return { w, health };
}

async function roundTrip(server: Server, extra: Record<string, string>): Promise<void> {
  const { w } = await worker(env(server, extra));
  await w.waitForLog((l) => l.event === 'ready', 'worker ready over TLS');
  const producer = createProducer({ catalogue: CATALOGUE, prefix: 'tls', env: env(server, extra), log: false, timeoutMs: 5_000 });
  try {
    const job = await producer.enqueue('record', {});
    await w.waitForLog((l) => l.event === 'job_completed' && l.jobId === job.id, 'job completed');
  } finally {
    await producer.close();
    w.kill('SIGTERM');
    await w.exited;
  }
}

describe('TLS with a private CA', () => {
  it('worker and producer with TASK_BACKEND_REDIS_CA connect and run a job', async () => {
    await roundTrip(plain, { TASK_BACKEND_REDIS_CA: certs.ca });
  });

  it.each([
    ['without the CA (system CAs only)', false],
    ['with a CA that did not sign the server', true],
  ])('%s: refused, the worker says why and stays alive, not ready', async (_l, other) => {
    const ca: Record<string, string> = other ? { TASK_BACKEND_REDIS_CA: certs.otherCa } : {};
    const { w, health } = await worker(env(plain, ca));
    const line = await w.waitForLog((l) => l.event === 'redis_unavailable' && l.attempt === 2, 'two refused attempts');
    expect(line.error).toMatch(/self[- ]signed certificate|unable to (get local issuer|verify the first) certificate/);
    const ready = await httpGet(health, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).reasons).toContain('redis not connected');
    expect(w.proc.exitCode).toBeNull();
    const producer = createProducer({ catalogue: CATALOGUE, prefix: 'tls', env: env(plain, ca), log: false, timeoutMs: 1_500 });
    await expect(producer.enqueue('record', {})).rejects.toThrow(/did not confirm the job.*certificate/);
    await producer.close();
  });

  it('an unreadable CA file stops the worker with a message naming the variable (exit 1)', async () => {
    const { w } = await worker(env(plain, { TASK_BACKEND_REDIS_CA: '/nonexistent/ca.crt' }));
    const { code } = await w.exited;
    expect(code).toBe(1);
    expect(w.logs.find((l) => l.event === 'start_failed')?.error).toMatch(
      /TASK_BACKEND_REDIS_CA=\/nonexistent\/ca.crt: cannot read it \(ENOENT\)/,
    );
  });

  it('a CA with redis:// is refused before connecting (exit 2)', async () => {
    const { w } = await worker({
      ...env(plain, { TASK_BACKEND_REDIS_CA: certs.ca }),
      TASK_BACKEND_BROKER_URL: `redis://127.0.0.1:${plain.port}`,
    });
    expect((await w.exited).code).toBe(2);
    expect(w.stderr()).toMatch(/TASK_BACKEND_REDIS_CA set, but TASK_BACKEND_BROKER_URL .* is not TLS: use rediss:\/\//);
  });
});

describe('TLS with a client certificate (tls-auth-clients yes)', () => {
  it('with TASK_BACKEND_REDIS_CERT and _KEY: connects and runs a job', async () => {
    await roundTrip(mutual, {
      TASK_BACKEND_REDIS_CA: certs.ca,
      TASK_BACKEND_REDIS_CERT: certs.clientCert,
      TASK_BACKEND_REDIS_KEY: certs.clientKey,
    });
  });

  it('without one: refused, and the worker keeps trying', async () => {
    const { w } = await worker(env(mutual, { TASK_BACKEND_REDIS_CA: certs.ca }));
    const line = await w.waitForLog((l) => l.event === 'redis_unavailable' && l.attempt === 2, 'two refused attempts');
    expect(String(line.error)).not.toBe('');
    await waitUntil(() => w.logs.filter((l) => l.event === 'redis_unavailable').length >= 2, 'still retrying');
    expect(w.logs.some((l) => l.event === 'ready')).toBe(false);
  });
});
