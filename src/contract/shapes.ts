// Generic helpers on plain data, in one place: the one test for "a YAML or JSON map" that every
// reader of values, profiles and catalogues applies (so none takes a list or null for a map), and
// the key sort that keeps every output independent of the input's key order.

/** A plain object as YAML and JSON parsers produce for a map: not null, not a list. */
export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `map[key]` for a key a user wrote (a worker, profile or task name): only the map's own entry,
 * never what `constructor` or `__proto__` would find on Object.prototype.
 */
export const own = <T>(map: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined =>
  map !== null && typeof map === 'object' && Object.hasOwn(map, key) ? map[key] : undefined;

/** Deep copy with map keys sorted, so output never depends on the input's key order. */
export function sortKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortKeys) as T;
  if (isMap(v)) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    ) as T;
  }
  return v;
}
