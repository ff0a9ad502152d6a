// taskConfig.redis checked against what each part can do: the workers and producers need the
// sentinels and master name to find a Sentinel master; Celery has no Redis Cluster transport and a
// Cluster has one database; TLS files need a TLS connection. The chart runs the same errors.
import { formatMessage } from '../contract/codes.js';
import { BULLMQ_BACKEND } from '../contract/defaults.js';
import { diag, toPointer, type Diagnostic, type Position } from '../values/diagnostics.js';
import type { Values } from '../values/model.js';
import { backendOf } from './resolve.js';

/** Why a part cannot use this Redis, with the key it is about and the fix (also the chart's order). */
export function redisProblems(values: Values): Array<{ path: string[]; message: string; fix: string }> {
  const tc = values.taskConfig ?? {};
  const r = tc.redis ?? {};
  const at = (k: string) => ['taskConfig', 'redis', k];
  const out: Array<{ path: string[]; message: string; fix: string }> = [];
  if (r.mode === 'cluster' && backendOf(values) === 'celery')
    out.push({
      path: at('mode'),
      message: 'Celery (kombu) has no Redis Cluster transport: backend celery cannot use taskConfig.redis.mode cluster',
      fix: 'use mode standalone or sentinel for Celery, or backend_type bullmq',
    });
  if (r.mode === 'cluster' && (r.database ?? 0) !== 0)
    out.push({
      path: at('database'),
      message: `Redis Cluster has only database 0, and taskConfig.redis.database is ${r.database}`,
      fix: 'remove taskConfig.redis.database',
    });
  const files = r.caSecret ? 'caSecret' : r.clientCertSecret ? 'clientCertSecret' : undefined;
  const plainUrl = tc.broker_url?.startsWith('redis://') === true && !tc.brokerSecret;
  if (files && (r.tls === false || plainUrl))
    out.push({
      path: at(files),
      message: `taskConfig.redis.${files} is set, but the connection is not TLS (${r.tls === false ? 'tls: false' : 'broker_url is redis://'})`,
      fix: 'use a rediss:// broker URL and tls: true, or remove the TLS Secrets',
    });
  return out;
}

/** The diagnostics: REDIS_TOPOLOGY_INCOMPLETE, REDIS_TOPOLOGY_UNSUPPORTED, and the REDIS_TLS_UNVERIFIED warning. */
export function checkRedis(values: Values, atPath: (p: string[]) => Position): Diagnostic[] {
  const r = values.taskConfig?.redis ?? {};
  const out: Diagnostic[] = [];
  if (r.mode === 'sentinel' && backendOf(values) === BULLMQ_BACKEND)
    for (const key of ['sentinels', 'sentinelMaster'] as const)
      if (r[key] === undefined) {
        const path = ['taskConfig', 'redis', 'mode'];
        const example =
          key === 'sentinels' ? 'sentinels: [sentinel-0:26379, sentinel-1:26379, sentinel-2:26379]' : 'sentinelMaster: mymaster';
        out.push(
          diag(
            'REDIS_TOPOLOGY_INCOMPLETE',
            formatMessage('REDIS_TOPOLOGY_INCOMPLETE', 'sentinel', key),
            atPath(path),
            toPointer(path),
            `set taskConfig.redis.${example}`,
          ),
        );
      }
  for (const p of redisProblems(values))
    out.push(
      diag('REDIS_TOPOLOGY_UNSUPPORTED', formatMessage('REDIS_TOPOLOGY_UNSUPPORTED', p.message), atPath(p.path), toPointer(p.path), p.fix),
    );
  if (r.insecureSkipVerify === true) {
    const path = ['taskConfig', 'redis', 'insecureSkipVerify'];
    out.push(
      diag(
        'REDIS_TLS_UNVERIFIED',
        'taskConfig.redis.insecureSkipVerify: the workers, producers and KEDA accept any server certificate, so anyone on the path can read and change jobs',
        atPath(path),
        toPointer(path),
        'give the CA in taskConfig.redis.caSecret instead',
      ),
    );
  }
  return out;
}
