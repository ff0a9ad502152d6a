// KEDA's http protocol against RabbitMQ's real management API. The machine's shared RabbitMQ keeps
// its plugins, so this file starts a private node of its own: Debian's rabbitmq-server with the
// rabbitmq_management plugin in the node's own plugins file, on free loopback ports, a cookie and
// data directory of its own, stopped by its process group. A vhost with a slash in its name
// (`celery/prod`, `%2F` in the broker URL) shows the rendered vhostName reaching the API path.
// The rendered TriggerAuthentication's `host` is resolved from a stand-in for its Secret, and each
// trigger is read as KEDA v2.21's rabbitmq scaler reads it over http (getQueueInfoViaHTTP: GET
// <host>/api/queues/<vhost>/<queue>, its `messages`: ready plus unacknowledged) and summed by the
// formula, while the rendered Celery command line runs three tasks one at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { k8sProblems } from '../helpers/k8s.js';
import { freePort, waitUntil } from '../helpers/worker.js';
import { byFormula, render, runPhases, sendThree, stopGroup, stopWorker, TASKS, values, type Obj } from './rabbit.js';

const VHOST = 'celery/prod';
let dir = '';
let node: ChildProcess | undefined;
let exited: Promise<unknown> = Promise.resolve();
let amqpPort = 0;
let apiPort = 0;
/** The Secrets KEDA would read: `<name>/<key>` -> value. */
const secrets = new Map<string, string>();

/** Go's url.QueryEscape, as KEDA escapes the vhost and the queue name. */
const queryEscape = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

/** KEDA's http count: the TriggerAuthentication's host, the vhost from vhostName or the host's last path segment. */
async function kedaHttpCount(t: Obj, auth: Obj): Promise<number> {
  const params = Object.fromEntries((auth.spec.secretTargetRef as Obj[]).map((r) => [r.parameter, secrets.get(`${r.name}/${r.key}`)]));
  const host = new URL(params.host as string);
  const parts = host.pathname.split('/');
  let vhost = `/${parts.at(-1) ?? ''}`;
  const sub = parts.slice(0, -1).filter(Boolean).join('/');
  if (t.metadata.vhostName) vhost = `/${queryEscape(t.metadata.vhostName as string)}`;
  if (vhost === '/') vhost = '/%2F';
  const url = `${host.protocol}//${host.host}${sub ? `/${sub}` : ''}/api/queues${vhost}/${queryEscape(t.metadata.queueName as string)}`;
  const basic = Buffer.from(`${decodeURIComponent(host.username)}:${decodeURIComponent(host.password)}`).toString('base64');
  const res = await fetch(url, { headers: { authorization: `Basic ${basic}` } });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { messages: number }).messages;
}

const api = (path: string, method = 'GET', body?: unknown) =>
  fetch(`http://127.0.0.1:${apiPort}/api/${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

beforeAll(async () => {
  [amqpPort, apiPort] = [await freePort(), await freePort()];
  const distPort = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'rabbitmq-node-'));
  writeFileSync(join(dir, 'env.conf'), ''); // not the machine's /etc/rabbitmq/rabbitmq-env.conf
  writeFileSync(join(dir, 'enabled_plugins'), '[rabbitmq_management].\n');
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    `listeners.tcp.default = 127.0.0.1:${amqpPort}\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = ${apiPort}\n`,
  );
  const log = openSync(join(dir, 'node.log'), 'a');
  node = spawn('/usr/lib/rabbitmq/bin/rabbitmq-server', [], {
    env: {
      ...process.env,
      HOME: dir,
      RABBITMQ_CONF_ENV_FILE: join(dir, 'env.conf'),
      RABBITMQ_NODENAME: `keda-http-${randomBytes(3).toString('hex')}@localhost`,
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_PID_FILE: join(dir, 'pid'),
      ERL_EPMD_ADDRESS: '127.0.0.1',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  exited = new Promise((r) => node?.once('exit', r));
  await waitUntil(async () => (await api('overview')).ok, `the private RabbitMQ's management API (${dir}/node.log)`, 120_000, 500);
  expect((await api(`vhosts/${queryEscape(VHOST)}`, 'PUT')).ok).toBe(true);
  expect((await api(`permissions/${queryEscape(VHOST)}/guest`, 'PUT', { configure: '.*', write: '.*', read: '.*' })).ok).toBe(true);
  secrets.set('rabbitmq-management/url', `http://guest:guest@127.0.0.1:${apiPort}/`);
}, 180_000);
afterEach(stopWorker, 60_000);
afterAll(async () => {
  if (node) await stopGroup(node, exited);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

const rendered = (acksLate: boolean) =>
  render(
    values(
      `{ backend_type: celery, broker_url: "amqp://127.0.0.1:${amqpPort}/celery%2Fprod", rabbitmq: { protocol: http, managementSecret: { name: rabbitmq-management, key: url } } }`,
      acksLate,
    ),
  );

describe("KEDA over http: the management API's ready plus unacknowledged", { timeout: 240_000 }, () => {
  it('renders the vhost from broker_url and the host from managementSecret, with no warning about busy workers', () => {
    const { so, auth, warnings } = rendered(true);
    expect(so.spec.triggers.map((t: Obj) => [t.name, t.metadata, t.authenticationRef])).toEqual([
      [
        'queue_0',
        { mode: 'QueueLength', protocol: 'http', queueName: 'file_processing', value: '1', vhostName: VHOST },
        { name: 'task-worker-rabbitmq' },
      ],
      [
        'queue_1',
        { mode: 'QueueLength', protocol: 'http', queueName: 'file_processing_callback', value: '1', vhostName: VHOST },
        { name: 'task-worker-rabbitmq' },
      ],
    ]);
    expect(auth?.spec.secretTargetRef).toEqual([{ parameter: 'host', name: 'rabbitmq-management', key: 'url' }]);
    expect([k8sProblems(so), k8sProblems(auth as Obj)]).toEqual([[], []]);
    expect(warnings).not.toContain('KEDA_AMQP_READY_ONLY');
  });

  // The management API's counters are RabbitMQ's statistics, emitted every 5 s by default: KEDA
  // reads them that old, so each reading waits for the count to settle.
  it.for([
    { acksLate: true, http: [3, 3, 2, 1, 0] },
    { acksLate: false, http: [3, 2, 1, 0, 0] },
  ])('celery.acksLate: $acksLate: before, while tasks 1-3 run, after: http reads $http', async (c) => {
    const { so, auth, container } = rendered(c.acksLate);
    sendThree(container);
    const count = async () => (await byFormula(so, (t) => kedaHttpCount(t, auth as Obj))).total;
    const got = await runPhases(container, { readings: { http: count }, settle: { name: 'http', want: c.http } });
    console.log(`acksLate ${c.acksLate}, before / tasks 1-3 running / after: http ${got.http?.join(', ')} of ${TASKS} tasks`);
    expect(got.http).toEqual(c.http);
  });
});
