// Checks of the values that serve the whole release rather than one worker.
import { formatMessage } from '../contract/codes.js';
import { DEFAULT_PREFIX } from '../contract/defaults.js';
import { HASH_TAG } from '../contract/keda.js';
import { diag, toPointer, type Diagnostic, type Position } from './diagnostics.js';
import type { Values } from './model.js';

/** Release-wide diagnostics, located with `atPath`. */
export function checkRelease(values: Values, atPath: (p: string[]) => Position): Diagnostic[] {
  const tc = values.taskConfig ?? {};
  if (tc.redis?.mode !== 'cluster') return [];
  const prefix = tc.prefix ?? DEFAULT_PREFIX;
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
