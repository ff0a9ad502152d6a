// Checks of a worker's own `env`: what Kubernetes would refuse or silently resolve, and the
// variables tb-gen itself sets, which an entry of `env` would quietly override.
import { formatMessage } from '../contract/codes.js';
import { ENV, ENV_SOURCES } from '../contract/env.js';
import { diag, toPointer, type Diagnostic } from '../values/diagnostics.js';
import type { Values } from '../values/model.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from '../values/locate.js';

/** The variables tb-gen sets for these values, each with the values key that sets it. */
export function contractEnv(values: Values, w: ResolvedWorker): Map<string, string> {
  const tc = values.taskConfig ?? {};
  const set: Record<keyof typeof ENV, boolean> = {
    backend: true,
    brokerUrl: !!(tc.brokerSecret || tc.broker_url),
    app: !!tc.app,
    prefix: !!tc.prefix,
    workerName: true,
    profileName: w.profile !== undefined,
    resultBackend: !!(tc.resultBackendSecret || tc.result_backend),
  };
  return new Map((Object.keys(ENV) as (keyof typeof ENV)[]).filter((k) => set[k]).map((k) => [ENV[k], ENV_SOURCES[k]]));
}

/** DUPLICATE_ENV, ENV_VALUE_AND_VALUE_FROM and ENV_OVERRIDES_CONTRACT for one worker. */
export function checkEnv(w: ResolvedWorker, at: Locator, values: Values): Diagnostic[] {
  const env = w.spec.env ?? [];
  const ours = contractEnv(values, w);
  const seen = new Set<string>();
  return env.flatMap((e, i) => {
    const name = String(e.name);
    const here = at(w.name, ['env', i, 'name'], { key: true });
    const ptr = toPointer(['workers', w.name, 'env', i]);
    const out: Diagnostic[] = [];
    if (seen.has(name)) out.push(diag('DUPLICATE_ENV', formatMessage('DUPLICATE_ENV', w.name, name), here, ptr, 'keep one entry'));
    seen.add(name);
    if (e.value !== undefined && e.valueFrom !== undefined) {
      out.push(
        diag('ENV_VALUE_AND_VALUE_FROM', formatMessage('ENV_VALUE_AND_VALUE_FROM', w.name, name), here, ptr, 'keep value or valueFrom'),
      );
    }
    const key = ours.get(name);
    if (key)
      out.push(
        diag(
          'ENV_OVERRIDES_CONTRACT',
          formatMessage('ENV_OVERRIDES_CONTRACT', w.name, name, key),
          here,
          ptr,
          `remove it from env and set ${key}`,
        ),
      );
    return out;
  });
}
