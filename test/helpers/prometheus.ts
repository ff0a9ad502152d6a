// A real Prometheus (Debian's `prometheus` 2.42) as a host process on a free loopback port, loading
// the rules tb-gen renders: shared by test/monitoring/prometheus-live.test.ts (a worker process) and
// test/e2e/monitoring.test.ts (worker pods on a real node). Stopped by its PID, its data removed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort, waitUntil } from './worker.js';

/** An instant vector as the HTTP API returns it. */
export type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
/** An active alert (pending or firing) as /api/v1/alerts returns it. */
export interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

/** A running Prometheus: its queries, its alerts, and how to stop it. */
export interface Prometheus {
  query(q: string): Promise<Vector>;
  /** The `data` of a GET of the HTTP API (`rules`, `targets`, ...); undefined when it does not answer. */
  get<T>(path: string): Promise<T | undefined>;
  alerts(): Promise<Alert[]>;
  /** Whether an alert of that name whose labels include `labels` is firing. */
  firing(name: string, labels?: Record<string, string>): Promise<boolean>;
  stop(): Promise<void>;
}

/** Start Prometheus with these scrape configs and rule file text, 1 s scrape and evaluation; resolves once it is ready. */
export async function startPrometheus(scrapeConfigs: object[], rules: string): Promise<Prometheus> {
  const scratch = mkdtempSync(join(tmpdir(), 'tb-prometheus-'));
  writeFileSync(join(scratch, 'rules.yml'), rules);
  const config = { global: { scrape_interval: '1s', evaluation_interval: '1s' }, rule_files: ['rules.yml'], scrape_configs: scrapeConfigs };
  writeFileSync(join(scratch, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  let log = '';
  const child = spawn(
    'prometheus',
    ['--config.file=prometheus.yml', `--storage.tsdb.path=${join(scratch, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
    rmSync(scratch, { recursive: true, force: true });
  };
  const api = `http://127.0.0.1:${port}/api/v1`;
  const getJson = async <T>(path: string): Promise<T | undefined> => {
    try {
      return ((await (await fetch(`${api}/${path}`)).json()) as { data?: T }).data;
    } catch {
      return undefined;
    }
  };
  const alerts = async () => (await getJson<{ alerts: Alert[] }>('alerts'))?.alerts ?? [];
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${log}`);
        return (await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => undefined))?.ok;
      },
      'Prometheus ready',
      30_000,
      200,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    query: async (q) => (await getJson<{ result: Vector }>(`query?query=${encodeURIComponent(q)}`))?.result ?? [],
    get: getJson,
    alerts,
    firing: async (name, labels = {}) =>
      (await alerts()).some(
        (a) => a.labels.alertname === name && a.state === 'firing' && Object.entries(labels).every(([k, v]) => a.labels[k] === v),
      ),
    stop,
  };
}

/** Values of a dashboard's template variables, as Grafana would fill them in. */
export interface PanelVars {
  namespace: string;
  worker: string;
  rateInterval: string;
}

/** Every panel query of a Grafana dashboard model with its variables filled in, named by panel title. */
export function panelQueries(dashboard: { panels: Array<{ title: string; targets: Array<{ expr: string }> }> }, v: PanelVars) {
  return dashboard.panels.flatMap((p) =>
    p.targets.map((t) => ({
      title: p.title,
      expr: t.expr.replaceAll('$namespace', v.namespace).replaceAll('$worker', v.worker).replaceAll('$__rate_interval', v.rateInterval),
    })),
  );
}

/** The panel queries that return no series: an empty list when every panel has data. */
export async function panelsWithoutData(prom: Prometheus, queries: Array<{ title: string; expr: string }>): Promise<string[]> {
  const missing: string[] = [];
  for (const q of queries) if ((await prom.query(q.expr)).length === 0) missing.push(`${q.title}: ${q.expr}`);
  return missing;
}

/** A PodMonitor spec, as far as the scrape config below reads it. */
export interface PodMonitor {
  metadata: { name: string; namespace: string };
  spec: { podMetricsEndpoints: Array<{ port: string; path: string; interval: string }> };
}
/** A pod as the API lists it, as far as the targets below read it. */
export interface Pod {
  metadata: { name: string; namespace: string };
  spec: { containers: Array<{ name: string; ports?: Array<{ name?: string; containerPort: number }> }> };
  status: { phase?: string; podIP?: string };
}

/**
 * The scrape config the Prometheus Operator generates for a PodMonitor (job `<namespace>/<name>`,
 * the endpoint's port, path and interval, the `namespace`/`pod`/`container` target labels), with
 * static targets from the pods the caller listed by the PodMonitor's selector: Debian's Prometheus
 * is built without kubernetes_sd_configs.
 */
export function podMonitorScrapeConfigs(pm: PodMonitor, pods: Pod[]): object[] {
  const live = pods.filter((p) => p.status.podIP && !['Failed', 'Succeeded'].includes(p.status.phase ?? ''));
  return pm.spec.podMetricsEndpoints.map((ep) => ({
    job_name: `${pm.metadata.namespace}/${pm.metadata.name}`,
    scrape_interval: ep.interval,
    metrics_path: ep.path,
    static_configs: live.flatMap((p) =>
      p.spec.containers.flatMap((c) =>
        (c.ports ?? [])
          .filter((port) => port.name === ep.port)
          .map((port) => ({
            targets: [`${p.status.podIP}:${port.containerPort}`],
            labels: { namespace: p.metadata.namespace, pod: p.metadata.name, container: c.name },
          })),
      ),
    ),
  }));
}
