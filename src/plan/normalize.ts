// Stage 3: merged values -> a plan of resolved workers (defaults < profile < worker), with the
// cross-field and cross-worker checks the schema cannot express.
import { formatMessage } from '../contract/codes.js';
import { chartName, fullname, workerObjectName } from '../contract/names.js';
import { checkHostPorts, checkRelease } from './checks-release.js';
import { checkRedis } from './checks-redis.js';
import { checkSlips } from './checks-slips.js';
import { checkWorker } from './checks.js';
import { diag, didYouMean, toPointer, type Diagnostic } from '../values/diagnostics.js';
import { misspelledWorkers } from '../values/layer-checks.js';
import { locateIn, type Layer } from '../values/load.js';
import { workerLocator } from '../values/locate.js';
import { mergeFiles, mergeSpecs } from '../values/merge.js';
import { isMap, own, sortKeys } from '../contract/shapes.js';
import type { ChartMeta, Values, WorkerSpec } from '../values/model.js';
import type { PlanResult, ResolvedWorker } from './model.js';
import { nestResources, releaseSettings, workerSettings } from './resolve.js';
import { checkRouting, routesOf } from './routing.js';
import { SHARED_KEYS, type Clean } from '../values/taint.js';

export interface NormalizeInput {
  layers: readonly Layer[];
  chart: ChartMeta;
  release: string;
  namespace?: string;
  /** Which paths passed the schema; checks skip workers that did not (default: all clean). */
  clean?: Clean;
}

/** Merge the layers, resolve each worker, run every check; a plan only when there is no error. */
export function normalize(input: NormalizeInput): PlanResult {
  const clean = input.clean ?? (() => true);
  const values = mergeFiles(input.layers.map((l) => l.data)) as Values;
  const name = chartName(input.chart.name, values.nameOverride);
  const full = fullname(input.release, name, values.fullnameOverride);
  const diagnostics: Diagnostic[] = [...misspelledWorkers(input.layers)];
  const all: ResolvedWorker[] = [];
  const checked: ResolvedWorker[] = [];
  let unresolved = 0;
  const locate = workerLocator(input.layers, values);
  const shared = SHARED_KEYS.every((k) => clean([k]));
  const names = isMap(values.workers) ? Object.keys(values.workers).sort() : [];
  for (const worker of names) {
    const profile = own(values.workers, worker)?.profile ?? values.defaults?.profile;
    const ok = shared && clean(['workers', worker]) && (profile === undefined || clean(['profiles', profile]));
    if (!ok) continue;
    const { resolved, problems } = resolveWorker(values, worker, full, input);
    diagnostics.push(...problems);
    all.push(resolved);
    if (problems.length) unresolved++;
    if (resolved.spec.enabled === false || problems.length) continue;
    diagnostics.push(...checkWorker(resolved, locate, values));
    checked.push(resolved);
  }
  // TASK_NOT_SERVED needs every worker's selection: one skipped worker may be the one that serves it.
  const complete = shared && unresolved === 0 && all.length === names.length;
  const atPath = (p: string[]) => locateIn(input.layers, p, { key: true });
  if (shared)
    diagnostics.push(
      ...checkRouting(values, all, checked, locate, atPath, complete),
      ...checkRelease(values, atPath),
      ...checkRedis(values, atPath),
      ...checkSlips(values, checked, locate, atPath),
    );
  diagnostics.push(...checkHostPorts(checked, locate));
  const workers = all.filter((w) => w.spec.enabled !== false);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const plan = {
    routes: routesOf(values, all),
    release: input.release,
    chart: input.chart,
    fullname: full,
    chartName: name,
    values,
    settings: releaseSettings(values, input.chart),
    workers,
    ...(input.namespace ? { namespace: input.namespace } : {}),
  };
  return { plan, diagnostics };
}

function resolveWorker(values: Values, worker: string, full: string, { layers, chart }: NormalizeInput) {
  const mine = own(values.workers, worker) ?? {};
  const profile = mine.profile ?? values.defaults?.profile;
  const problems: Diagnostic[] = [];
  let profileSpec: WorkerSpec = {};
  if (profile !== undefined) {
    const found = own(values.profiles, profile);
    if (found) profileSpec = found;
    else if (mine.enabled !== false) {
      const path = mine.profile !== undefined ? ['workers', worker, 'profile'] : ['defaults', 'profile'];
      const known = Object.keys(values.profiles ?? {}).sort();
      problems.push(
        diag(
          'UNKNOWN_PROFILE',
          formatMessage('UNKNOWN_PROFILE', worker, profile),
          locateIn(layers, path),
          toPointer(path),
          profileHint(profile, known),
        ),
      );
    }
  }
  const layersOf = [values.defaults ?? {}, profileSpec, mine].map((l) => nestResources(l as Record<string, unknown>));
  const spec = sortMaps(mergeSpecs(layersOf));
  const resolved: ResolvedWorker = {
    name: worker,
    objectName: workerObjectName(full, worker),
    spec,
    settings: workerSettings(spec, values, chart),
    ...(profile !== undefined ? { profile } : {}),
  };
  return { resolved, problems };
}

function profileHint(profile: string, known: string[]): string {
  if (!known.length) return 'define it under profiles:, or pass the profiles file with --profiles FILE';
  const near = didYouMean(profile, known);
  return `${near ? near + ' ' : ''}known profiles: ${known.join(', ')}`;
}

// User-written maps are sorted so output does not depend on their key order; lists keep theirs.
function sortMaps(spec: WorkerSpec): WorkerSpec {
  // The spec's own keys keep their order; everything below them is sorted.
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, sortKeys(v)]));
}
