// What a worker's autoscaling and disruption budget resolve to, shared by the checks and the
// renderers: which mode, the replica floor, and how KEDA reaches Redis.
import { DEFAULT_AUTOSCALING_MODE, DEFAULT_MIN_REPLICAS, DEFAULT_REDIS_MODE, REDIS_TRIGGER_TYPES } from '../contract/defaults.js';
import type { ResolvedWorker, Values } from './model.js';

/** The worker autoscales with a KEDA ScaledObject. */
export const isKeda = (w: ResolvedWorker): boolean =>
  w.spec.autoscaling?.enabled === true && (w.spec.autoscaling.mode ?? DEFAULT_AUTOSCALING_MODE) === 'keda';
/** The worker autoscales with a plain HorizontalPodAutoscaler. */
export const isHpa = (w: ResolvedWorker): boolean => w.spec.autoscaling?.enabled === true && !isKeda(w);
/** The lower bound of an autoscaled worker. */
export const minReplicasOf = (w: ResolvedWorker): number => w.spec.autoscaling?.minReplicas ?? DEFAULT_MIN_REPLICAS;
/** The worker can have a pod at some time, so a disruption budget means something. */
export const canHaveReplica = (w: ResolvedWorker): boolean => (w.spec.autoscaling?.enabled === true ? true : (w.spec.replicas ?? 1) > 0);

/** KEDA's view of the broker: the trigger type, the trigger metadata, and the Secret's parameters. */
export interface KedaRedis {
  type: string;
  metadata: Record<string, string>;
  /** TriggerAuthentication secretTargetRef entries, when a Secret is named. */
  auth?: { secret: string; params: Array<{ parameter: string; key: string }> };
  /** Why KEDA cannot reach Redis, when it cannot. */
  problem?: string;
}

/** Resolve taskConfig.redis (and, for development, broker_url) into what the triggers carry. */
export function kedaRedis(values: Values): KedaRedis {
  const tc = values.taskConfig ?? {};
  const r = tc.redis ?? {};
  const mode = r.mode ?? DEFAULT_REDIS_MODE;
  const url = parseUrl(tc.broker_url);
  const metadata: Record<string, string> = {};
  const database = r.database ?? url?.database;
  if (database) metadata.databaseIndex = String(database);
  if (r.tls ?? url?.tls) metadata.enableTLS = 'true';
  if (mode === 'sentinel' && r.sentinelMaster) metadata.sentinelMaster = r.sentinelMaster;
  const out: KedaRedis = { type: REDIS_TRIGGER_TYPES[mode], metadata };
  const addressParam = mode === 'standalone' ? 'address' : 'addresses';
  if (r.secret) {
    const s = r.secret;
    const keys: Array<[string, string | undefined]> = [
      [addressParam, s.addressKey],
      ['username', s.usernameKey],
      ['password', s.passwordKey],
      ['sentinelPassword', s.sentinelPasswordKey],
    ];
    out.auth = {
      secret: s.name,
      params: keys.filter((k): k is [string, string] => k[1] !== undefined).map(([parameter, key]) => ({ parameter, key })),
    };
  }
  if (!hasAddress(out, addressParam)) {
    if (url && !url.credentials) metadata[addressParam] = url.address;
    else
      out.problem = url?.credentials
        ? 'broker_url carries credentials, which KEDA would need from a Secret'
        : 'neither taskConfig.redis.secret.addressKey nor broker_url gives the address';
  }
  if (mode === 'sentinel' && !r.sentinelMaster && !out.problem) out.problem = 'sentinel mode needs taskConfig.redis.sentinelMaster';
  return out;
}

const hasAddress = (k: KedaRedis, param: string) => k.auth?.params.some((p) => p.parameter === param) ?? false;

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
