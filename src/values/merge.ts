// The merge contract, in one place: maps deep-merge, lists and scalars replace, null deletes
// (as in Helm), and an explicit 0, false or {} is a value like any other, so it wins.

import { isMap } from '../contract/shapes.js';

type Json = unknown;

/** A plain map (not a list, not null): the one test every stage uses (src/contract/shapes.ts). */

/**
 * Merge `over` onto `base` without mutating either. With `emptyMapWins` an explicit `{}` replaces
 * the inherited map (the worker-spec rule); without it `{}` adds nothing (Helm's rule for -f files).
 */
export function deepMerge(base: Json, over: Json, emptyMapWins = false): Json {
  if (over === undefined) return base;
  if (!isMap(base) || !isMap(over)) return over;
  if (emptyMapWins && Object.keys(over).length === 0) return {};
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = k in base ? deepMerge(base[k], v, emptyMapWins) : withoutNulls(v);
  }
  return out;
}

/** Values files, -f order: later files win, null deletes, as `helm -f a -f b` does. */
export const mergeFiles = (layers: readonly Json[]): Json => layers.reduce((acc, l) => deepMerge(acc, l), {});

/** Worker settings, defaults < profile < worker: an explicit 0, false or {} wins. */
export function mergeSpecs(layers: readonly Record<string, Json>[]): Record<string, Json> {
  // The spec itself always merges key by key; `{}` wins only as the value of a key.
  return layers.reduce<Record<string, Json>>((acc, layer) => {
    const out = { ...acc };
    for (const [k, v] of Object.entries(layer)) {
      if (v === null) delete out[k];
      else out[k] = k in acc ? deepMerge(acc[k], v, true) : withoutNulls(v);
    }
    return out;
  }, {});
}

/**
 * Drop null map entries recursively. Merging leaves list items alone, as Helm does; validation
 * passes `inLists` so a null inside a list item is not checked as a value either.
 */
export function withoutNulls(v: Json, opts: { inLists?: boolean } = {}): Json {
  if (Array.isArray(v)) return opts.inLists ? v.map((x) => withoutNulls(x, opts)) : v;
  if (!isMap(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => [k, withoutNulls(x, opts)]),
  );
}
