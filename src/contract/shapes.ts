// The one test for "a YAML or JSON map" that every reader of values, profiles and catalogues in the
// contract's consumers applies, so none of them takes a list or null for a map.

/** A plain object as YAML and JSON parsers produce for a map: not null, not a list. */
export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `map[key]` for a key a user wrote (a worker, profile or task name): only the map's own entry,
 * never what `constructor` or `__proto__` would find on Object.prototype.
 */
export const own = <T>(map: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined =>
  map !== null && typeof map === 'object' && Object.hasOwn(map, key) ? map[key] : undefined;
