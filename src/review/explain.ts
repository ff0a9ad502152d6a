// `tb-gen explain WORKER`: the worker's resolved values, each leaf with the layer it came from
// (defaults < profiles.<p> < workers.<w>) and the file, flag or chart default that wrote it.
import type { Position } from '../values/diagnostics.js';
import type { Layer } from '../values/load.js';
import { mergeFiles, mergeSpecs } from '../values/merge.js';
import { isMap, own as ownKey } from '../contract/shapes.js';
import { redact, redactEnvValue } from '../contract/redact.js';
import { builtIns as builtInSettings, nestResources, workerSettings } from '../plan/resolve.js';
import type { ChartMeta, Values, WorkerSpec } from '../values/model.js';

type Obj = Record<string, unknown>;
type Path = Array<string | number>;

/** One resolved leaf: its path in the worker spec, its value, the spec layer and the source that wrote it. */
export interface Origin {
  path: string;
  value: unknown;
  /** `defaults`, `profiles.<name>`, `workers.<name>`, or `built-in` for a default no values file states. */
  level: string;
  /** `chart default`, a file name, `--set 2` (the flag and its number), or `tb-gen` for built-ins. */
  source: string;
  at: Position | null;
}

export interface Explanation {
  worker: string;
  enabled: boolean;
  profile: string | null;
  values: Origin[];
}

/** Explain a worker; undefined when no layer names it. */
export function explain(layers: readonly Layer[], worker: string, chartFile: string, chart: ChartMeta): Explanation | undefined {
  const values = mergeFiles(layers.map((l) => l.data)) as Values;
  const mine = ownKey(values.workers, worker);
  if (!mine || !isMap(mine)) return undefined;
  const profile = (mine as { profile?: string }).profile ?? values.defaults?.profile;
  const levels: Array<[string, Path, Obj]> = [
    ['defaults', ['defaults'], values.defaults ?? {}],
    ...(profile !== undefined
      ? [[`profiles.${profile}`, ['profiles', profile], ownKey(values.profiles, profile) ?? {}] as [string, Path, Obj]]
      : []),
    [`workers.${worker}`, ['workers', worker], mine],
  ];
  const spec = mergeSpecs(levels.map(([, , v]) => nestResources(v)));
  const out: Origin[] = leaves(spec, []).map(([path, value]) => origin(path, value, levels, layers, chartFile));
  out.push(...builtIns(spec, values, chart));
  return { worker, enabled: spec.enabled !== false, profile: profile ?? null, values: out };
}

function origin(path: Path, value: unknown, levels: Array<[string, Path, Obj]>, layers: readonly Layer[], chartFile: string): Origin {
  for (const [level, prefix, data] of [...levels].reverse()) {
    const raw = rawPath(data, path);
    if (raw === undefined) continue;
    const full = [...prefix, ...raw];
    const layer = [...layers].reverse().find((l) => get(l.data, full) !== undefined && get(l.data, full) !== null);
    const at = layer?.locate(full) ?? layer?.locate(full, { key: true }) ?? null;
    return { path: show(path), value: masked(value), level, source: layer ? sourceName(layer, chartFile, at) : 'unknown', at };
  }
  return { path: show(path), value, level: 'unknown', source: 'unknown', at: null };
}

// Where a resolved path was written in one level: itself, or the flat {cpu, memory} that became it.
function rawPath(data: Obj, path: Path): Path | undefined {
  if (get(data, path) !== undefined) return path;
  const [r, kind, k] = path;
  if (r === 'resources' && (kind === 'requests' || kind === 'limits') && get(data, ['resources', k as string]) !== undefined)
    return ['resources', k as string];
  return undefined;
}

function sourceName(layer: Layer, chartFile: string, at: Position | null): string {
  if (layer.file === chartFile) return 'chart default';
  if (layer.file.startsWith('--set')) return `${layer.file} ${at?.line ?? ''}`.trim();
  return layer.file;
}

// Defaults tb-gen renders when no values file states them (the plan's resolution), so the list shows every setting that runs.
const builtIns = (spec: WorkerSpec, values: Values, chart: ChartMeta): Origin[] =>
  builtInSettings(spec, workerSettings(spec, values, chart)).map(([path, value]) => ({
    path,
    value,
    level: 'built-in',
    source: 'tb-gen',
    at: null,
  }));

/** Every leaf of a spec: scalars, lists (they replace whole) and empty maps; maps are walked in sorted key order. */
function leaves(v: unknown, path: Path): Array<[Path, unknown]> {
  if (!isMap(v) || (Object.keys(v).length === 0 && path.length > 0)) return [[path, v]];
  return Object.keys(v)
    .sort()
    .flatMap((k) => leaves(v[k], [...path, k]));
}

// Printed values never carry a URL's password (env values, the dev fallback broker URL).
const masked = (v: unknown): unknown =>
  typeof v === 'string'
    ? redact(v)
    : Array.isArray(v)
      ? v.map(masked)
      : isMap(v)
        ? Object.fromEntries(
            Object.entries(v).map(([k, x]) => [
              k,
              k === 'value' && typeof x === 'string' && typeof v.name === 'string' ? redactEnvValue(v.name, x) : masked(x),
            ]),
          )
        : v;

const get = (o: unknown, path: Path): unknown =>
  path.reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Obj)[k] : undefined), o);
const show = (path: Path) => path.map(String).join('.');
