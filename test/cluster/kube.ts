// The cluster tests' access to the run's API server: kubectl (the pinned one in .tools/kube/bin,
// never the machine's), a small REST client for reads (a request costs milliseconds where a kubectl
// process costs ~0.2 s of CPU), namespaces that enforce the restricted Pod Security Standard, polling.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { inject } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/fixtures.js';

export const KUBECTL = join(ROOT, '.tools/kube/bin/kubectl');
export type Obj = Record<string, any>;

/** The run's kubeconfig; throws why the cluster is missing (every cluster test then fails with it). */
export function kubeconfig(): string {
  const error = inject('clusterError');
  if (error || !inject('kubeconfig')) {
    throw new Error(`the test cluster did not start; run \`make cluster\` to build and check it:\n${error}`);
  }
  return inject('kubeconfig');
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command with input; a non-zero exit is a result, not an exception. */
export function exec(bin: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { maxBuffer: 64 << 20, env: opts.env ?? process.env, cwd: opts.cwd ?? ROOT },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr: err && !stderr ? err.message : stderr });
      },
    );
    child.stdin?.end(opts.input ?? '');
  });
}

export const kubectl = (args: string[], input?: string): Promise<Run> =>
  exec(KUBECTL, ['--kubeconfig', kubeconfig(), ...args], input === undefined ? {} : { input });

/** The `Warning:` lines kubectl prints on stderr, one per API warning (HTTP 299). */
export const warningLines = (stderr: string): string[] => stderr.split('\n').filter((l) => /^Warning: /.test(l));

interface Client {
  server: URL;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}
let client: Client | undefined;

function connection(): Client {
  if (client) return client;
  const kc = parse(readFileSync(kubeconfig(), 'utf8')) as Obj;
  const b64 = (s: string) => Buffer.from(s, 'base64');
  client = {
    server: new URL(kc.clusters[0].cluster.server),
    ca: b64(kc.clusters[0].cluster['certificate-authority-data']),
    cert: b64(kc.users[0].user['client-certificate-data']),
    key: b64(kc.users[0].user['client-key-data']),
  };
  return client;
}

export interface Reply {
  status: number;
  body: Obj;
  warnings: string[];
}

/** One API request; the body is parsed JSON, warnings are the Warning headers' texts. */
export function api(method: string, path: string, body?: unknown): Promise<Reply> {
  const c = connection();
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: c.server.hostname,
        port: c.server.port,
        path,
        method,
        ca: c.ca,
        cert: c.cert,
        key: c.key,
        headers: { accept: 'application/json', ...(data ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const w = res.headers.warning;
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Obj) : {},
            warnings: w === undefined ? [] : ([] as string[]).concat(w),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** GET that must succeed: a list's items, or the object. A 429 (a new CRD's storage still starting) is retried. */
export async function get(path: string): Promise<Obj> {
  let r = await api('GET', path);
  for (let i = 0; r.status === 429 && i < 50; i++) {
    await new Promise((res) => setTimeout(res, 200));
    r = await api('GET', path);
  }
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.message ?? ''}`);
  return r.body;
}

export const list = async (path: string, selector?: string): Promise<Obj[]> =>
  (await get(selector ? `${path}?labelSelector=${encodeURIComponent(selector)}` : path)).items as Obj[];

/** Poll until `probe` returns a value other than undefined; the timeout error says what was awaited. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The labels that make a namespace enforce, warn and audit a Pod Security level. */
export const pssLabels = (level: string): Record<string, string> =>
  Object.fromEntries(
    ['enforce', 'warn', 'audit'].flatMap((m) => [
      [`pod-security.kubernetes.io/${m}`, level],
      [`pod-security.kubernetes.io/${m}-version`, 'latest'],
    ]),
  );

/**
 * A fresh namespace that enforces, warns and audits a Pod Security level (restricted unless the
 * values declare another), once its default ServiceAccount exists; with `maxPods`, a ResourceQuota
 * on the number of Pods, in force before it returns.
 */
export async function restrictedNamespace(prefix: string, maxPods?: number, level = 'restricted'): Promise<string> {
  const name = `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 40)
    .replace(/-+$/, '')}-${randomBytes(3).toString('hex')}`;
  const r = await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: pssLabels(level) } });
  if (r.status !== 201) throw new Error(`create namespace ${name}: ${r.status} ${r.body.message}`);
  // Pods are refused until the controller manager has made the namespace's default ServiceAccount.
  await waitFor(`serviceaccount default in ${name}`, async () =>
    (await api('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`)).status === 200 ? true : undefined,
  );
  if (maxPods !== undefined) await podQuota(name, maxPods);
  return name;
}

async function podQuota(ns: string, maxPods: number): Promise<void> {
  const path = `/api/v1/namespaces/${ns}/resourcequotas`;
  const r = await api('POST', path, {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'pods' },
    spec: { hard: { pods: String(maxPods) } },
  });
  if (r.status !== 201) throw new Error(`create ResourceQuota in ${ns}: ${r.status} ${r.body.message}`);
  // Admission refuses every Pod until the quota controller has filled in the quota's status.
  await waitFor(`ResourceQuota status in ${ns}`, async () => ((await get(`${path}/pods`)).status?.hard?.pods ? true : undefined));
}

/** Delete a namespace without waiting: the namespace controller empties it in the background. */
export async function deleteNamespace(name: string): Promise<void> {
  const r = await api('DELETE', `/api/v1/namespaces/${name}`);
  if (r.status !== 200 && r.status !== 202 && r.status !== 404) throw new Error(`delete namespace ${name}: ${r.status}`);
}
