// Field-level changes between two sets of rendered objects, keyed by kind and name, for any kind.
// Lists whose items all carry a unique `name` (containers, env, ports) are matched by name, so
// inserting one env var reads as one addition, not a shifted list; other lists compare whole.
// The labels only one renderer can know (RENDERER_LABELS) are no change.
import { RENDERER_LABELS } from '../contract/labels.js';
import { isMap } from '../contract/shapes.js';
import { MASK, isSecretName, redact, redactEnvValue } from '../contract/redact.js';

type Obj = Record<string, unknown>;

/** One changed field; `before` or `after` is absent when the field was added or removed. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** One object that was added, removed or changed. */
export interface ObjectChange {
  kind: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

const keyOf = (o: Obj) => `${String(o.kind)}/${String((o.metadata as Obj | undefined)?.name)}`;

/** Every object change, by kind, then name. */
export function objectChanges(base: readonly Obj[], head: readonly Obj[]): ObjectChange[] {
  const b = new Map(base.map((o) => [keyOf(o), o]));
  const h = new Map(head.map((o) => [keyOf(o), o]));
  const keys = [...new Set([...b.keys(), ...h.keys()])].sort();
  const out: ObjectChange[] = [];
  for (const key of keys) {
    const [kind, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const before = b.get(key);
    const after = h.get(key);
    if (!before) out.push({ kind, name, change: 'added', fields: [] });
    else if (!after) out.push({ kind, name, change: 'removed', fields: [] });
    else {
      const fields: FieldChange[] = [];
      walk(before, after, '', fields);
      if (fields.length) out.push({ kind, name, change: 'changed', fields });
    }
  }
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[], secret = false): void {
  if (isMap(a) && isMap(b)) {
    const labels = /(^|\.)labels$/.test(path);
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      if (labels && RENDERER_LABELS.includes(k)) continue;
      const p = join(path, k);
      // In an env entry whose name says secret, only its `value` is masked whole.
      const s = secret && k === 'value';
      if (!(k in b)) out.push({ path: p, before: clean(a[k], s) });
      else if (!(k in a)) out.push({ path: p, after: clean(b[k], s) });
      else walk(a[k], b[k], p, out, s);
    }
  } else if (Array.isArray(a) && Array.isArray(b) && named(a) && named(b)) {
    walkNamed(a, b, path, out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.length > 0) {
    a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`, out, secret));
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    const [x, y] = [clean(a, secret), clean(b, secret)];
    out.push({ path, before: x, after: JSON.stringify(x) === JSON.stringify(y) ? `${String(y)} (a masked password changed)` : y });
  }
}

function walkNamed(a: Obj[], b: Obj[], path: string, out: FieldChange[]): void {
  const am = new Map(a.map((x) => [String(x.name), x]));
  const bm = new Map(b.map((x) => [String(x.name), x]));
  for (const [n, x] of am) {
    const p = `${path}[${n}]`;
    const y = bm.get(n);
    if (y === undefined) out.push({ path: p, before: clean(x) });
    else walk(x, y, p, out, isSecretName(n) && ('value' in x || 'value' in y));
  }
  for (const [n, y] of bm) if (!am.has(n)) out.push({ path: `${path}[${n}]`, after: clean(y) });
  const order = (xs: Obj[], other: Map<string, Obj>) => xs.map((x) => String(x.name)).filter((n) => other.has(n));
  const [ao, bo] = [order(a, bm), order(b, am)];
  // Order matters for env ($(VAR) refers to earlier entries), so a reordering is a change of its own.
  if (ao.join('\0') !== bo.join('\0')) out.push({ path: `${path} (order)`, before: ao, after: bo });
}

const named = (xs: unknown[]): xs is Obj[] =>
  xs.length > 0 && xs.every((x) => isMap(x) && typeof x.name === 'string') && new Set(xs.map((x) => (x as Obj).name)).size === xs.length;

const join = (path: string, k: string) => (/^[A-Za-z_][\w-]*$/.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`);

// Values as printed: strings with a URL password masked, the value of an env entry whose name says
// secret masked whole (`secret`: inside such an entry), everything else as is.
function clean(v: unknown, secret = false): unknown {
  if (typeof v === 'string') return secret ? MASK : redact(v);
  if (Array.isArray(v)) return v.map((x) => clean(x, secret));
  if (!isMap(v)) return v;
  const named = typeof v.name === 'string' && typeof v.value === 'string' ? v.name : undefined;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, named !== undefined && k === 'value' ? redactEnvValue(named, x as string) : clean(x, secret)]),
  );
}
