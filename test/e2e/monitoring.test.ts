// Monitoring on a real node: a release with its PodMonitor, PrometheusRule and dashboard installed
// by the chart, and a real Prometheus (Debian's 2.42, a host process on loopback, test/helpers/
// prometheus.ts) scraping its worker pods on the bridge the way the PodMonitor says, with the rules
// `tb-gen rules` renders for the same values: every dashboard panel's query returns data, and the
// backlog alert fires when jobs arrive faster than the worker at its max replicas takes them, and
// clears once they drain. Debian builds Prometheus without kubernetes_sd_configs, so the targets
// are static, from the API's list of the pods the PodMonitor selects.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { parse, stringify } from 'yaml';
import { exec, get, kubeconfig, list, restrictedNamespace, waitFor, type Obj } from '../cluster/kube.js';
import { ROOT } from '../helpers/fixtures.js';
import {
  panelQueries,
  panelsWithoutData,
  podMonitorScrapeConfigs,
  startPrometheus,
  type Alert,
  type Pod,
  type PodMonitor,
  type Prometheus,
} from '../helpers/prometheus.js';
import { chart, figure, helm, hostRedis, newPrefix, Producer, releaseValues, rolledOut, sleep, slowServer, tearDown } from './e2e.js';

const RELEASE = 'watch';
const FULLNAME = `${RELEASE}-task-worker`;
const WORKER = 'hooks';
/** Two job slots at full scale (concurrency 1 x 2 replicas); the alert at more than 2 jobs a slot. */
const REPLICAS = 2;
const CONCURRENCY = 1;
const SLOTS = REPLICAS * CONCURRENCY;
const THRESHOLD = 2;
/** The backlog the alert fires above. */
const LIMIT = THRESHOLD * SLOTS;
/** Sixteen 2.5 s jobs at once: 14 wait (7 a slot), and the backlog is back at LIMIT after ~12.5 s of work. */
const JOBS = 16;
const JOB_MS = 2500;
const ALERT = 'TaskBackendBacklogHigh';

let ns = '';
let prefix = '';
let redis: Redis;
let producer: Producer;
let prom: Prometheus | undefined;
let values: Obj;
let rules = '';
const monitoring = (kind: string) => `/apis/monitoring.coreos.com/v1/namespaces/${ns}/${kind}/${FULLNAME}`;

beforeAll(async () => {
  kubeconfig();
  ns = await restrictedNamespace('e2e-monitoring');
  prefix = newPrefix('monitoring');
  redis = hostRedis();
  producer = new Producer(redis, prefix);
  values = releaseValues(
    prefix,
    { [WORKER]: { tasks: ['webhook_send'], replicas: REPLICAS, concurrency: CONCURRENCY } },
    {
      podMonitor: { enabled: true, interval: '1s' },
      monitoring: {
        rules: { enabled: true, rateWindow: '10s', alerts: { backlog: { threshold: THRESHOLD, for: '1s' } } },
        dashboards: { enabled: true },
      },
    },
  );
  const dir = mkdtempSync(join(tmpdir(), 'tb-e2e-monitoring-'));
  try {
    writeFileSync(join(dir, 'values.yaml'), stringify(values));
    const r = await exec('node', [
      join(ROOT, 'dist/bin/tb-gen.mjs'),
      'rules',
      '-f',
      join(dir, 'values.yaml'),
      '--release',
      RELEASE,
      '--namespace',
      ns,
    ]);
    expect(r.code, r.stderr).toBe(0);
    rules = r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await helm(['install', RELEASE, ...chart(), '--namespace', ns], values);
  await rolledOut(ns, `${FULLNAME}-${WORKER}`, REPLICAS);
}, 240_000);

afterAll(async () => {
  await prom?.stop();
  await tearDown({ producer, redis, prefix, release: RELEASE, ns });
});

/** Times of the backlog alert's life, sampled every 0.2 s from t0 until it has fired and cleared. */
interface AlertLife {
  pending: number;
  firing: number;
  /** When the host first saw the backlog back at LIMIT or below. */
  under: number;
  cleared: number;
}

/** Sample the alerts and the queue until the backlog alert has fired and cleared; also any other alert of the namespace that fired. */
async function watchBacklogAlert(p: Prometheus, t0: number, queue: Queue): Promise<{ at: AlertLife; fired: Alert; others: string[] }> {
  const at: Partial<AlertLife> = {};
  let fired: Alert | undefined;
  const others = new Set<string>();
  while (at.cleared === undefined) {
    if (Date.now() - t0 > 180_000) throw new Error(`${ALERT} did not fire and clear in 180 s: ${JSON.stringify(at)}`);
    const now = Date.now();
    const mine = (await p.alerts()).filter((a) => a.labels.namespace === ns);
    for (const a of mine) if (a.state === 'firing' && a.labels.alertname !== ALERT) others.add(a.labels.alertname as string);
    const alert = mine.find((a) => a.labels.alertname === ALERT && a.labels.worker === WORKER);
    if (alert) at.pending ??= now;
    if (alert?.state === 'firing') fired ??= alert;
    if (fired) at.firing ??= now;
    if (at.under === undefined && (await queue.getWaitingCount()) <= LIMIT) at.under = now;
    if (fired && !alert) at.cleared = now;
    await sleep(200);
  }
  return { at: at as AlertLife, fired: fired as Alert, others: [...others] };
}

describe('a real Prometheus scraping the worker pods of a release', () => {
  it('scrapes every pod the PodMonitor selects, and evaluates the rules the chart installed', async () => {
    const pm = await get(monitoring('podmonitors'));
    const selector = Object.entries(pm.spec.selector.matchLabels as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = await list(`/api/v1/namespaces/${ns}/pods`, selector);
    expect(pods).toHaveLength(REPLICAS);
    // What tb-gen renders is what the chart installed, group for group.
    expect(parse(rules).groups).toEqual((await get(monitoring('prometheusrules'))).spec.groups);
    prom = await startPrometheus(podMonitorScrapeConfigs(pm as PodMonitor, pods as Pod[]), rules);
    const p = prom;
    const started = Date.now();
    const up = await waitFor('both pods scraped', async () => {
      const r = await p.query(`up{job="${ns}/${FULLNAME}"} == 1`);
      return r.length === REPLICAS ? r : undefined;
    });
    figure('Prometheus: ready to both worker pods scraped (up == 1)', (Date.now() - started) / 1000, 's', 'scrape every 1 s');
    expect(up.map((s) => s.metric.pod).sort()).toEqual(pods.map((x) => x.metadata.name as string).sort());
    expect(up.every((s) => s.metric.namespace === ns)).toBe(true);
    // Two evaluations later every rule has run without error.
    await sleep(2500);
    const groups = (await p.get<{ groups: Array<{ rules: Obj[] }> }>('rules'))?.groups ?? [];
    const evaluated = groups.flatMap((g) => g.rules);
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`)).toEqual([]);
  });

  it(`fires ${ALERT} while jobs outrun the job slots at full scale, and clears when they drain`, async () => {
    const p = prom as Prometheus;
    const slow = await slowServer();
    try {
      expect(await p.firing(ALERT, { namespace: ns })).toBe(false);
      const t0 = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < JOBS; i++) ids.push(await producer.add('webhook_send', { url: `${slow.url}?ms=${JOB_MS}&id=${i}` }));
      const { at, fired, others } = await watchBacklogAlert(p, t0, producer.queue('webhook_send'));
      expect(fired.labels).toMatchObject({ severity: 'warning', worker: WORKER, namespace: ns });
      expect(fired.annotations.description).toContain(`(${SLOTS} slots: concurrency ${CONCURRENCY} x ${REPLICAS} replicas)`);
      expect(others).toEqual([]);
      const s = (a: number, b: number) => (b - a) / 1000;
      const note = 'scrape and evaluation every 1 s, for: 1s';
      figure(`Prometheus: ${JOBS} jobs enqueued on ${SLOTS} slots to ${ALERT} pending`, s(t0, at.pending), 's', note);
      figure(`Prometheus: ${JOBS} jobs enqueued on ${SLOTS} slots to ${ALERT} firing`, s(t0, at.firing), 's', note);
      figure(`Prometheus: backlog back to ${LIMIT} waiting (seen from the host) to ${ALERT} cleared`, s(at.under, at.cleared), 's', note);
      figure(
        `Prometheus: ${JOBS} jobs enqueued to ${ALERT} cleared`,
        s(t0, at.cleared),
        's',
        `${((JOBS - SLOTS - LIMIT) / SLOTS) * (JOB_MS / 1000)} s of work to get back to the threshold`,
      );
      for (const id of ids)
        await waitFor(`job ${id} finished`, async () => ((await producer.job('webhook_send', id))?.finishedOn ? true : undefined), 60_000);
      for (const id of ids) expect(((await producer.job('webhook_send', id))?.returnvalue as Obj).delivered).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('answers every panel query of the dashboard the chart installed with data', async () => {
    const cm = await get(`/api/v1/namespaces/${ns}/configmaps/${FULLNAME}-dashboard`);
    const texts = Object.values(cm.data as Record<string, string>);
    expect(texts).toHaveLength(1);
    const dashboard = JSON.parse(texts[0] as string) as Parameters<typeof panelQueries>[0];
    const queries = panelQueries(dashboard, { namespace: ns, worker: WORKER, rateInterval: '1m' });
    expect(queries.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    expect(await panelsWithoutData(prom as Prometheus, queries)).toEqual([]);
  });
});
