// How every part reaches Redis: one description (the topology, the addresses, the credentials and
// the TLS files), resolved from the environment the rendered Deployment sets, so that the worker,
// the producers and task-backend-enqueue open the same connection. Pure: file paths, not contents.

import { brokerUrlProblem } from './broker.js';
import { DEFAULT_BROKER_URL } from './defaults.js';
import { ENV } from './env.js';
import { redact } from './redact.js';

/** The topologies: one server, a Sentinel group naming the master, or a Cluster. */
export const REDIS_MODES = ['standalone', 'sentinel', 'cluster'] as const;
export type RedisMode = (typeof REDIS_MODES)[number];

/** Variables the worker and producers read beside TASK_BACKEND_BROKER_URL (tb-gen and the chart set them). */
export const REDIS_ENV = {
  mode: 'TASK_BACKEND_REDIS_MODE',
  sentinels: 'TASK_BACKEND_REDIS_SENTINELS',
  sentinelMaster: 'TASK_BACKEND_REDIS_SENTINEL_MASTER',
  sentinelPassword: 'TASK_BACKEND_REDIS_SENTINEL_PASSWORD',
  nodes: 'TASK_BACKEND_REDIS_NODES',
  ca: 'TASK_BACKEND_REDIS_CA',
  cert: 'TASK_BACKEND_REDIS_CERT',
  key: 'TASK_BACKEND_REDIS_KEY',
  insecure: 'TASK_BACKEND_REDIS_INSECURE_SKIP_VERIFY',
} as const;

/** Where the rendered Deployment mounts the CA and the client certificate (read-only Secret volumes). */
export const REDIS_TLS_MOUNT = {
  volume: 'redis-tls-ca',
  clientVolume: 'redis-tls-client',
  dir: '/etc/task-backend/redis-ca',
  clientDir: '/etc/task-backend/redis-client',
  /** File names inside the mounts: the Secret key is projected to these paths. */
  caFile: 'ca.crt',
  certFile: 'tls.crt',
  keyFile: 'tls.key',
} as const;

/** The default keys of a client-certificate Secret (a kubernetes.io/tls Secret's). */
export const CLIENT_CERT_KEYS = { certKey: 'tls.crt', keyKey: 'tls.key' } as const;

/** host and port of one server. */
export interface HostPort {
  host: string;
  port: number;
}

/** Resolved: what an opener needs (files by path; their contents are read when connecting). */
export interface RedisTarget {
  mode: RedisMode;
  /** The broker URL as given: scheme (TLS), user, password and database; its host is the server in standalone mode. */
  url: string;
  username?: string;
  password?: string;
  db: number;
  tls?: { caFile?: string; certFile?: string; keyFile?: string; insecureSkipVerify: boolean };
  sentinels?: HostPort[];
  sentinelMaster?: string;
  sentinelPassword?: string;
  nodes?: HostPort[];
}

/** `host:port` (port default `fallback`), or why not. */
export function parseHostPort(s: string, fallback: number): HostPort | string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(?::(\d{1,5}))?$/.exec(s.trim());
  if (!m) return `'${s}' is not host:port`;
  const port = m[2] === undefined ? fallback : Number(m[2]);
  if (port < 1 || port > 65535) return `'${s}': port ${port} is outside 1-65535`;
  return { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

/** A comma-separated list of host:port, each checked. */
export function parseHostList(raw: string, fallback: number, name: string, errors: string[]): HostPort[] {
  const out: HostPort[] = [];
  for (const part of raw.split(',').filter((p) => p.trim() !== '')) {
    const hp = parseHostPort(part, fallback);
    if (typeof hp === 'string') errors.push(`${name}: ${hp}, as in host-a:26379,host-b:26379`);
    else out.push(hp);
  }
  return out;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Resolve the description from the environment (and a URL that overrides TASK_BACKEND_BROKER_URL), or say what is wrong. */
export function resolveRedisTarget(env: Env, urlOverride?: string): { ok: true; value: RedisTarget } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const url = urlOverride ?? (env[ENV.brokerUrl] || DEFAULT_BROKER_URL);
  const problem = brokerUrlProblem(url);
  if (problem) return { ok: false, errors: [`${urlOverride ? 'connection' : ENV.brokerUrl}: ${problem}`] };
  const u = new URL(url);
  const rawMode = env[REDIS_ENV.mode] || 'standalone';
  if (!(REDIS_MODES as readonly string[]).includes(rawMode))
    errors.push(`${REDIS_ENV.mode}=${rawMode}: expected one of ${REDIS_MODES.join(', ')}`);
  const mode = rawMode as RedisMode;
  const target: RedisTarget = { mode, url, db: Number(u.pathname.slice(1) || 0) };
  if (u.username) target.username = decodeURIComponent(u.username);
  if (u.password) target.password = decodeURIComponent(u.password);
  const tls = tlsOf(env, u.protocol === 'rediss:', redact(url), errors);
  if (tls) target.tls = tls;
  if (mode === 'sentinel') sentinelOf(env, target, errors);
  if (mode === 'cluster') clusterOf(env, u, target, errors);
  return errors.length ? { ok: false, errors } : { ok: true, value: target };
}

function tlsOf(env: Env, rediss: boolean, shown: string, errors: string[]): RedisTarget['tls'] {
  const [caFile, certFile, keyFile] = [env[REDIS_ENV.ca], env[REDIS_ENV.cert], env[REDIS_ENV.key]].map((v) => v || undefined);
  const insecure = env[REDIS_ENV.insecure] ?? '';
  if (!['', 'true', 'false'].includes(insecure)) errors.push(`${REDIS_ENV.insecure}=${insecure}: expected true or false`);
  if (!rediss) {
    const set = Object.entries({ [REDIS_ENV.ca]: caFile, [REDIS_ENV.cert]: certFile, [REDIS_ENV.key]: keyFile }).filter(([, v]) => v);
    if (set.length)
      errors.push(`${set.map(([k]) => k).join(', ')} set, but ${ENV.brokerUrl} '${shown}' is not TLS: use rediss:// (or unset them)`);
    return undefined;
  }
  if (!certFile !== !keyFile) errors.push(`a client certificate needs both ${REDIS_ENV.cert} and ${REDIS_ENV.key}`);
  return {
    ...(caFile ? { caFile } : {}),
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
    insecureSkipVerify: insecure === 'true',
  };
}

function sentinelOf(env: Env, t: RedisTarget, errors: string[]): void {
  t.sentinels = parseHostList(env[REDIS_ENV.sentinels] ?? '', 26379, REDIS_ENV.sentinels, errors);
  if (!t.sentinels.length) errors.push(`sentinel mode needs ${REDIS_ENV.sentinels}=host-a:26379,host-b:26379`);
  t.sentinelMaster = env[REDIS_ENV.sentinelMaster] || undefined;
  if (!t.sentinelMaster) errors.push(`sentinel mode needs ${REDIS_ENV.sentinelMaster}, the master set name the sentinels monitor`);
  if (env[REDIS_ENV.sentinelPassword]) t.sentinelPassword = env[REDIS_ENV.sentinelPassword];
}

function clusterOf(env: Env, u: URL, t: RedisTarget, errors: string[]): void {
  const raw = env[REDIS_ENV.nodes] || `${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${u.port || 6379}`;
  t.nodes = parseHostList(raw, 6379, REDIS_ENV.nodes, errors);
  if (t.db !== 0) errors.push(`Redis Cluster has only database 0, and ${ENV.brokerUrl} names database ${t.db}: drop the /${t.db}`);
}

/** One line naming where the connection goes, password hidden: for logs and error messages. */
export function describeTarget(t: RedisTarget): string {
  const list = (hs: HostPort[] = []) => hs.map((h) => `${h.host}:${h.port}`).join(',');
  if (t.mode === 'sentinel') return `sentinel master '${t.sentinelMaster}' via ${list(t.sentinels)} (${redact(t.url)})`;
  if (t.mode === 'cluster') return `cluster ${list(t.nodes)} (${redact(t.url)})`;
  return redact(t.url);
}

/** The description without its secrets (passwords masked), for --print-config and logs. */
export function printableTarget(t: RedisTarget): RedisTarget {
  const mask = (v: string | undefined) => (v === undefined ? {} : { password: '***' });
  const out: RedisTarget = { ...t, url: redact(t.url), ...mask(t.password) };
  if (t.sentinelPassword !== undefined) out.sentinelPassword = '***';
  return out;
}

/** --help lines of the worker and task-backend-enqueue for REDIS_ENV, in one place so both say the same. */
export const REDIS_ENV_HELP: ReadonlyArray<[string, string]> = [
  [REDIS_ENV.mode, `standalone (default), sentinel or cluster`],
  [REDIS_ENV.sentinels, 'sentinel: host:port,... of the sentinels; the broker URL gives user, password, database and TLS'],
  [REDIS_ENV.sentinelMaster, 'sentinel: the master set name the sentinels monitor'],
  [REDIS_ENV.sentinelPassword, "sentinel: the sentinels' own password, when they ask for one"],
  [REDIS_ENV.nodes, "cluster: host:port,... seed nodes (default: the broker URL's host); the prefix needs a {hash tag}"],
  [REDIS_ENV.ca, 'rediss://: PEM file of the CA that signed the server certificate (default: the system CAs)'],
  [REDIS_ENV.cert, 'rediss://: PEM client certificate, when the server asks for one (with the key below)'],
  [REDIS_ENV.key, 'rediss://: PEM private key of that client certificate'],
  [REDIS_ENV.insecure, 'true: do not check the server certificate or name (warned about; testing only)'],
];
