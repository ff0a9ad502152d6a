// "The live object is what was rendered": every field tb-gen rendered is on the live object with
// the same value. Fields the API server fills in (defaults, status, metadata it owns) are not
// rendered and so not compared; lists must have the same length, item by item.
import { parseQuantity } from '../../src/plan/quantity.js';
import { withoutRendererLabels } from '../chart/helm.js';
import type { Obj } from './kube.js';

const isMap = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Kubernetes treats an empty map, an empty list and null as unset and does not store them. */
const unset = (v: unknown): boolean =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);

/** A Kubernetes quantity's value, or NaN. */
function quantity(v: unknown): number {
  return typeof v === 'string' || typeof v === 'number' ? (parseQuantity(v) ?? NaN) : NaN;
}

// Fields the server stores in canonical quantity form: `cpu: 0.5` is kept as "500m", `1024Mi` as "1Gi".
const QUANTITY = /\.resources\.(requests|limits)\.[^.]+$|\.target\.(averageValue|value)$/;

function sameScalar(want: unknown, got: unknown, path: string): boolean {
  if (want === got) return true;
  if (typeof want === 'number' && typeof got === 'string' && String(want) === got) return true;
  if (!QUANTITY.test(path)) return false;
  const [a, b] = [quantity(want), quantity(got)];
  return !Number.isNaN(a) && Math.abs(a - b) <= Math.abs(a) * 1e-12;
}

/**
 * Where `want` is not contained in `got`, one line per difference with its path; [] when it is.
 * A number and the string the server writes for it are equal (`cpu: 3` is stored as "3"), and so
 * are two forms of one quantity.
 */
export function subsetDiff(want: unknown, got: unknown, path = ''): string[] {
  if (unset(want) && unset(got)) return [];
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return [`${path}: rendered a list, live has ${JSON.stringify(got)}`];
    if (want.length !== got.length) return [`${path}: rendered ${want.length} items, live has ${got.length}: ${JSON.stringify(got)}`];
    return want.flatMap((w, i) => subsetDiff(w, got[i], `${path}[${i}]`));
  }
  if (isMap(want)) {
    if (!isMap(got)) return [`${path}: rendered a map, live has ${JSON.stringify(got)}`];
    return Object.entries(want).flatMap(([k, w]) => subsetDiff(w, got[k], `${path}.${k}`));
  }
  return sameScalar(want, got, path) ? [] : [`${path}: rendered ${JSON.stringify(want)}, live has ${JSON.stringify(got)}`];
}

export const objectKey = (o: Obj): string => `${o.kind}/${o.metadata?.name}`;

/**
 * Every difference between the rendered objects and the live ones: an object missing or extra,
 * then the fields of each, with RENDERER_LABELS left out on both sides.
 */
export function liveDiff(rendered: Obj[], live: Obj[]): string[] {
  const byKey = new Map(live.map((o) => [objectKey(o), o]));
  const wantKeys = new Set(rendered.map(objectKey));
  const problems = live.filter((o) => !wantKeys.has(objectKey(o))).map((o) => `${objectKey(o)}: live but not rendered`);
  for (const want of rendered) {
    const got = byKey.get(objectKey(want));
    if (!got) problems.push(`${objectKey(want)}: rendered but not live`);
    else problems.push(...subsetDiff(withoutRendererLabels(want), withoutRendererLabels(got), objectKey(want)));
  }
  return problems;
}
