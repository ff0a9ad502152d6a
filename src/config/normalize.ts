// Stage 3: merged values -> a plan of resolved workers (defaults < profile < worker), with the
// cross-field and cross-worker checks the schema cannot express.
import { chartName, fullname, workerObjectName } from '../render/names.js';
import { checkWorker } from './checks.js';
import { diag, didYouMean, type Diagnostic, type Position } from './diagnostics.js';
import { locateIn, type Layer } from './load.js';
import { mergeFiles, mergeSpecs, sortKeys } from './merge.js';
import type { ChartMeta, PlanResult, ResolvedWorker, Values, WorkerSpec } from './model.js';
import { checkRouting } from './routing.js';

export interface NormalizeInput {
  layers: readonly Layer[];
  chart: ChartMeta;
  release: string;
  namespace?: string;
}

/** Where a worker key was written: the worker, else its profile, else defaults; never a guess. */
export type Locator = (worker: string, path: readonly (string | number)[], opts?: { key?: boolean }) => Position;

/** Merge the layers, resolve each worker, run every check; a plan only when there is no error. */
export function normalize(input: NormalizeInput): PlanResult {
  const values = mergeFiles(input.layers.map((l) => l.data)) as Values;
  const name = chartName(input.chart.name, values.nameOverride);
  const full = fullname(input.release, name, values.fullnameOverride);
  const diagnostics: Diagnostic[] = [];
  const all: ResolvedWorker[] = [];
  const locate = workerLocator(input.layers, values);
  for (const worker of Object.keys(values.workers ?? {}).sort()) {
    const { resolved, problems } = resolveWorker(values, worker, full, input.layers);
    diagnostics.push(...problems);
    if (!resolved) continue;
    if (resolved.spec.enabled === false) {
      all.push(resolved);
      continue;
    }
    diagnostics.push(...checkWorker(resolved, locate));
    all.push(resolved);
  }
  diagnostics.push(...checkRouting(values, all, locate, (p) => locateIn(input.layers, p, { key: true })));
  const workers = all.filter((w) => w.spec.enabled !== false);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const plan = { release: input.release, chart: input.chart, fullname: full, chartName: name, values, workers, ...(input.namespace ? { namespace: input.namespace } : {}) };
  return { plan, diagnostics };
}

function resolveWorker(values: Values, worker: string, full: string, layers: readonly Layer[]) {
  const own = values.workers?.[worker] ?? {};
  const profile = own.profile ?? values.defaults?.profile;
  const problems: Diagnostic[] = [];
  let profileSpec: WorkerSpec = {};
  if (profile !== undefined) {
    const found = values.profiles?.[profile];
    if (found) profileSpec = found;
    else if (own.enabled !== false) {
      const path = own.profile !== undefined ? ['workers', worker, 'profile'] : ['defaults', 'profile'];
      const known = Object.keys(values.profiles ?? {}).sort();
      problems.push(diag('error', 'UNKNOWN_PROFILE', `worker \`${worker}\` uses profile \`${profile}\`, which profiles: does not define`, locateIn(layers, path), '/' + path.join('/'),
        profileHint(profile, known)));
    }
  }
  const layersOf = [values.defaults ?? {}, profileSpec, own].map(nestResources);
  const spec = sortMaps(mergeSpecs(layersOf as Record<string, unknown>[]) as WorkerSpec);
  const resolved: ResolvedWorker = { name: worker, objectName: workerObjectName(full, worker), spec, ...(profile !== undefined ? { profile } : {}) };
  return { resolved, problems };
}

function profileHint(profile: string, known: string[]): string {
  if (!known.length) return 'define it under profiles:, or pass the profiles file with --profiles FILE';
  const near = didYouMean(profile, known);
  return `${near ? near + ' ' : ''}known profiles: ${known.join(', ')}`;
}

// The brief's flat {memory, cpu} means: requests and limits both set to those values.
function nestResources(spec: WorkerSpec): WorkerSpec {
  const r = spec.resources;
  if (!r || (r.cpu === undefined && r.memory === undefined)) return spec;
  if (r.requests || r.limits) return spec; // mixed forms are reported by checkWorker
  const flat = { ...(r.cpu !== undefined ? { cpu: r.cpu } : {}), ...(r.memory !== undefined ? { memory: r.memory } : {}) };
  return { ...spec, resources: { requests: flat, limits: flat } };
}

// User-written maps are sorted so output does not depend on their key order; lists keep theirs.
function sortMaps(spec: WorkerSpec): WorkerSpec {
  // The spec's own keys keep their order; everything below them is sorted.
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, sortKeys(v)])) as WorkerSpec;
}

function workerLocator(layers: readonly Layer[], values: Values): Locator {
  return (worker, path, opts = {}) => {
    const own = values.workers?.[worker];
    const profile = own?.profile ?? values.defaults?.profile;
    const candidates = [['workers', worker, ...path], ...(profile ? [['profiles', profile, ...path]] : []), ['defaults', ...path]];
    for (const c of candidates) {
      for (let i = layers.length - 1; i >= 0; i--) {
        const pos = (layers[i] as Layer).locate(c, opts);
        if (pos) return pos;
      }
    }
    return locateIn(layers, ['workers', worker], { key: true });
  };
}
