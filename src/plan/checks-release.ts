// Checks of the values that serve the whole release rather than one worker, or span workers.
import { formatMessage } from '../contract/codes.js';
import { runsOurWorker } from '../contract/celery.js';
import { HASH_TAG } from '../contract/keda.js';
import { diag, toPointer, type Diagnostic, type Position } from '../values/diagnostics.js';
import type { Values } from '../values/model.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from '../values/locate.js';
import { prefixOf } from './resolve.js';

/** Release-wide diagnostics, located with `atPath`. */
export function checkRelease(values: Values, atPath: (p: string[]) => Position): Diagnostic[] {
  const tc = values.taskConfig ?? {};
  if (tc.redis?.mode !== 'cluster') return [];
  const prefix = prefixOf(values);
  if (HASH_TAG.test(prefix)) return [];
  const path = tc.prefix !== undefined ? ['taskConfig', 'prefix'] : ['taskConfig', 'redis', 'mode'];
  return [
    diag(
      'CLUSTER_PREFIX_WITHOUT_HASH_TAG',
      formatMessage('CLUSTER_PREFIX_WITHOUT_HASH_TAG', prefix),
      atPath(path),
      toPointer(path),
      `set taskConfig.prefix: "{${prefix}}" (the producers must use the same prefix)`,
    ),
  ];
}

/**
 * HOST_PORT_CONFLICT: with hostNetwork a worker's health port is a port of the node, so two
 * workers of the release that share one could never run pods on the same node.
 */
export function checkHostPorts(workers: readonly ResolvedWorker[], at: Locator): Diagnostic[] {
  const first = new Map<number, string>();
  const out: Diagnostic[] = [];
  for (const w of workers) {
    if (w.spec.hostNetwork !== true || !runsOurWorker(w)) continue;
    const port = w.settings.healthPort;
    const other = first.get(port);
    if (other === undefined) {
      first.set(port, w.name);
      continue;
    }
    out.push(
      diag(
        'HOST_PORT_CONFLICT',
        formatMessage('HOST_PORT_CONFLICT', other, w.name, port),
        at(w.name, ['healthPort']),
        toPointer(['workers', w.name, 'healthPort']),
        `give worker \`${w.name}\` a healthPort of its own`,
      ),
    );
  }
  return out;
}
