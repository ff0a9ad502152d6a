// taskConfig.redis as the rendered parts read it: the worker container's TASK_BACKEND_REDIS_*
// variables and read-only Secret volumes (src/contract/redis.ts resolves them in the worker), and
// KEDA's trigger metadata and TriggerAuthentication parameters. The chart mirrors each function.
import { DEFAULT_REDIS_MODE, REDIS_TRIGGER_TYPES } from '../contract/defaults.js';
import { REDIS_ENV, REDIS_TLS_MOUNT } from '../contract/redis.js';
import type { Values } from '../values/model.js';
import { clientCertOf, redisModeOf as modeOf } from './resolve.js';

type Obj = Record<string, unknown>;
const redisOf = (values: Values) => values.taskConfig?.redis ?? {};

/** The container's topology and TLS variables, after the broker URL; none for a plain standalone Redis. */
export function redisEnv(values: Values): Obj[] {
  const r = redisOf(values);
  const mode = modeOf(values);
  const out: Obj[] = [];
  if (mode !== DEFAULT_REDIS_MODE) out.push({ name: REDIS_ENV.mode, value: mode });
  if (mode === 'sentinel') {
    if (r.sentinels) out.push({ name: REDIS_ENV.sentinels, value: r.sentinels.join(',') });
    if (r.sentinelMaster) out.push({ name: REDIS_ENV.sentinelMaster, value: r.sentinelMaster });
    if (r.secret?.sentinelPasswordKey)
      out.push({
        name: REDIS_ENV.sentinelPassword,
        valueFrom: { secretKeyRef: { name: r.secret.name, key: r.secret.sentinelPasswordKey } },
      });
  }
  if (mode === 'cluster' && r.nodes) out.push({ name: REDIS_ENV.nodes, value: r.nodes.join(',') });
  if (r.caSecret) out.push({ name: REDIS_ENV.ca, value: `${REDIS_TLS_MOUNT.dir}/${REDIS_TLS_MOUNT.caFile}` });
  if (r.clientCertSecret) {
    out.push({ name: REDIS_ENV.cert, value: `${REDIS_TLS_MOUNT.clientDir}/${REDIS_TLS_MOUNT.certFile}` });
    out.push({ name: REDIS_ENV.key, value: `${REDIS_TLS_MOUNT.clientDir}/${REDIS_TLS_MOUNT.keyFile}` });
  }
  if (r.insecureSkipVerify === true) out.push({ name: REDIS_ENV.insecure, value: 'true' });
  return out;
}

/** The CA and client-certificate Secrets as pod volumes (each key projected to the file the variable names). */
export function redisVolumes(values: Values): Obj[] {
  const r = redisOf(values);
  const out: Obj[] = [];
  if (r.caSecret)
    out.push({
      name: REDIS_TLS_MOUNT.volume,
      secret: { secretName: r.caSecret.name, items: [{ key: r.caSecret.key, path: REDIS_TLS_MOUNT.caFile }] },
    });
  const c = clientCertOf(r);
  if (c) {
    const items = [
      { key: c.certKey, path: REDIS_TLS_MOUNT.certFile },
      { key: c.keyKey, path: REDIS_TLS_MOUNT.keyFile },
    ];
    out.push({ name: REDIS_TLS_MOUNT.clientVolume, secret: { secretName: c.name, items } });
  }
  return out;
}

/** Their read-only mounts in the worker container. */
export function redisMounts(values: Values): Obj[] {
  const r = redisOf(values);
  return [
    ...(r.caSecret ? [{ name: REDIS_TLS_MOUNT.volume, mountPath: REDIS_TLS_MOUNT.dir, readOnly: true }] : []),
    ...(r.clientCertSecret ? [{ name: REDIS_TLS_MOUNT.clientVolume, mountPath: REDIS_TLS_MOUNT.clientDir, readOnly: true }] : []),
  ];
}

/** KEDA's view of the broker: the trigger type, the trigger metadata, and the TriggerAuthentication's parameters. */
export interface KedaRedis {
  type: string;
  metadata: Record<string, string>;
  /** TriggerAuthentication secretTargetRef entries, when a Secret is named. */
  auth?: Array<{ parameter: string; name: string; key: string }>;
  /** Why KEDA cannot reach Redis, when it cannot. */
  problem?: string;
}

/** Resolve taskConfig.redis (and, for development, broker_url) into what the triggers carry. */
export function kedaRedis(values: Values): KedaRedis {
  const tc = values.taskConfig ?? {};
  const r = redisOf(values);
  const mode = modeOf(values);
  const url = parseUrl(tc.broker_url);
  const metadata: Record<string, string> = {};
  const database = r.database ?? url?.database;
  if (database) metadata.databaseIndex = String(database);
  if (r.tls ?? url?.tls) metadata.enableTLS = 'true';
  if (r.insecureSkipVerify === true) metadata.unsafeSsl = 'true';
  if (mode === 'sentinel' && r.sentinelMaster) metadata.sentinelMaster = r.sentinelMaster;
  const out: KedaRedis = { type: REDIS_TRIGGER_TYPES[mode], metadata };
  const addressParam = mode === 'standalone' ? 'address' : 'addresses';
  const auth = authParams(r, addressParam);
  if (auth.length) out.auth = auth;
  const list = mode === 'sentinel' ? r.sentinels : mode === 'cluster' ? r.nodes : undefined;
  if (!auth.some((p) => p.parameter === addressParam)) {
    if (list) metadata[addressParam] = list.join(',');
    else if (url && !url.credentials) metadata[addressParam] = url.address;
    else
      out.problem = url?.credentials
        ? 'broker_url carries credentials, which KEDA would need from a Secret'
        : `neither taskConfig.redis.secret.addressKey${mode === 'standalone' ? '' : ` nor taskConfig.redis.${mode === 'sentinel' ? 'sentinels' : 'nodes'}`} nor broker_url gives the address`;
  }
  if (mode === 'sentinel' && !r.sentinelMaster && !out.problem) out.problem = 'sentinel mode needs taskConfig.redis.sentinelMaster';
  return out;
}

// secretTargetRef entries: the address and credentials Secret's keys, then the CA and client certificate.
function authParams(r: NonNullable<NonNullable<Values['taskConfig']>['redis']>, addressParam: string): NonNullable<KedaRedis['auth']> {
  const out: NonNullable<KedaRedis['auth']> = [];
  const s = r.secret;
  if (s) {
    const keys: Array<[string, string | undefined]> = [
      [addressParam, s.addressKey],
      ['username', s.usernameKey],
      ['password', s.passwordKey],
      ['sentinelPassword', s.sentinelPasswordKey],
    ];
    for (const [parameter, key] of keys) if (key !== undefined) out.push({ parameter, name: s.name, key });
  }
  if (r.caSecret) out.push({ parameter: 'ca', name: r.caSecret.name, key: r.caSecret.key });
  const c = clientCertOf(r);
  if (c) {
    out.push({ parameter: 'cert', name: c.name, key: c.certKey });
    out.push({ parameter: 'key', name: c.name, key: c.keyKey });
  }
  return out;
}

/** host:port, database and TLS of a redis:// URL, and whether it carries a user or password. */
function parseUrl(raw: string | undefined): { address: string; database: number; tls: boolean; credentials: boolean } | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return undefined;
    const database = Number(u.pathname.replace(/^\//, '') || 0);
    return {
      address: `${u.hostname}:${u.port || 6379}`,
      database: Number.isInteger(database) ? database : 0,
      tls: u.protocol === 'rediss:',
      credentials: u.username !== '' || u.password !== '',
    };
  } catch {
    return undefined;
  }
}
