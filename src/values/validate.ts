// Stage 2: each layer against schemas/values.schema.json; every ajv error becomes a located diagnostic.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isSecretName, MASK } from '../contract/redact.js';
import { LABEL_VALUE, MAX_NAME, taskNameProblem } from '../contract/names.js';
import { diag, didYouMean, toPointer, type Diagnostic, type Position } from './diagnostics.js';
import { locateIn, type Layer } from './load.js';
import { mergeFiles, withoutNulls } from './merge.js';
import { schemaValidator } from './schema.js';

const QUANTITY_KEYS = new Set(['cpu', 'memory']);
const NAME_MAPS: Record<string, string> = { workers: 'worker', profiles: 'profile', tasks: 'task' };
// Maps whose keys are Kubernetes label or annotation keys (schemas: labelMap, annotationMap).
const KEY_MAPS: Record<string, string> = {
  podLabels: 'label',
  commonLabels: 'label',
  labels: 'label',
  nodeSelector: 'node selector label',
  podAnnotations: 'annotation',
  annotations: 'annotation',
};
const KEY_RULE =
  "an optional DNS-subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. `team`, `example.com/team`)";

/**
 * Validate one layer. Nulls are Helm's "delete this key" and are not checked here. With
 * `partial`, a missing required key is no error: another layer may supply it (Helm validates
 * the merged values), so `validateMerged` checks those once the layers are merged.
 */
export function validateLayer(
  layer: Layer,
  opts: { partial?: boolean; only?: string } = {},
  validate: ValidateFunction = schemaValidator(),
): Diagnostic[] {
  const data = withoutNulls(layer.data, { inLists: true });
  if (validate(data)) return [];
  const skip = ['if', 'anyOf', 'oneOf', 'propertyNames', '$ref', ...(opts.partial ? ['required'] : [])];
  const errors = (validate.errors ?? []).filter((e) => !skip.includes(e.keyword) && (opts.only === undefined || e.keyword === opts.only));
  return errors.map((e) => masked(toDiagnostic(layer, e, data, (e.parentSchema ?? {}) as Record<string, unknown>), data, e.instancePath));
}

// A value at a secret's place (env DB_PASSWORD's `value`, a `password:` key) is never echoed, even
// when it is not a string and so escapes the quoting rules (an unquoted all-digit password).
function masked(d: Diagnostic, data: unknown, pointer: string): Diagnostic {
  const path = splitPointer(pointer);
  const v = valueAt(data, path);
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return d;
  if (String(v) === '' || !secretAt(data, path)) return d;
  const hide = (t: string) => t.split(String(v)).join(MASK);
  return { ...d, message: hide(d.message), ...(d.hint !== undefined ? { hint: hide(d.hint) } : {}) };
}

function secretAt(data: unknown, path: (string | number)[]): boolean {
  const key = path[path.length - 1];
  if (typeof key === 'string' && isSecretName(key)) return true;
  if (key !== 'value') return false;
  const name = valueAt(data, [...path.slice(0, -1), 'name']);
  // The name may come from another layer (--set ...name=DB_PASSWORD, --set-json ...value=123):
  // an env value whose name this layer does not give is hidden, as it may be a secret's.
  return typeof name === 'string' ? isSecretName(name) : path[path.length - 3] === 'env';
}

/**
 * The required keys of what the layers give together, each located in the layer that wrote its
 * parent; every other keyword was checked layer by layer, where its position is exact.
 */
export function validateMerged(layers: readonly Layer[]): Diagnostic[] {
  const merged: Layer = {
    file: layers[layers.length - 1]?.file ?? '<values>',
    data: mergeFiles(layers.map((l) => l.data)) as Record<string, unknown>,
    locate: (path, opts) => locateIn(layers, path, opts),
  };
  return validateLayer(merged, { only: 'required' });
}

function toDiagnostic(layer: Layer, e: ErrorObject, data: unknown, parent: Record<string, unknown>): Diagnostic {
  const path = splitPointer(e.instancePath);
  const where = (p: (string | number)[], asKey = false) =>
    layer.locate(p, { key: asKey }) ?? layer.locate([], {}) ?? { file: layer.file, line: 1, col: 1 };
  if (e.propertyName !== undefined) return badName(layer, e, path, where);
  const c: Ctx = { e, path, where, params: e.params as Record<string, unknown>, parent, got: valueAt(data, path) };
  return (BY_KEYWORD[e.keyword] ?? other)(c);
}

/** What each ajv keyword's diagnostic is made from. */
interface Ctx {
  e: ErrorObject;
  path: (string | number)[];
  where: (p: (string | number)[], asKey?: boolean) => Position;
  params: Record<string, unknown>;
  /** The schema node that holds the failing one (its properties, its description). */
  parent: Record<string, unknown>;
  /** The value at the error's path. */
  got: unknown;
}

const other = ({ e, path, where }: Ctx): Diagnostic =>
  diag('INVALID_VALUE', `${label(path)} ${e.message ?? 'is invalid'}`, where(path), e.instancePath);

const range = ({ e, path, where, params, got }: Ctx): Diagnostic =>
  diag(
    'OUT_OF_RANGE',
    `${label(path)} is ${String(got)}; it must be ${String(params.comparison)} ${String(params.limit)}`,
    where(path),
    e.instancePath,
  );

// One diagnostic per ajv keyword the schema uses; any other keyword is INVALID_VALUE.
const BY_KEYWORD: Record<string, (c: Ctx) => Diagnostic> = {
  additionalProperties: ({ path, where, params, parent }) => {
    const name = String(params.additionalProperty);
    const allowed = Object.keys((parent.properties as object | undefined) ?? {});
    const hint = didYouMean(name, allowed) ?? (allowed.length ? `allowed here: ${allowed.join(', ')}` : undefined);
    return diag('UNKNOWN_KEY', `unknown key \`${name}\`${inWhat(path)}`, where([...path, name], true), toPointer([...path, name]), hint);
  },
  pattern: ({ e, path, where, params, parent, got }) => {
    const key = path[path.length - 1];
    // cpu and memory anywhere, and every resource of a requests or limits map.
    if (typeof key === 'string' && (QUANTITY_KEYS.has(key) || ['requests', 'limits'].includes(String(path[path.length - 2]))))
      return diag(
        'INVALID_QUANTITY',
        `\`${String(got)}\` is not a Kubernetes quantity`,
        where(path),
        e.instancePath,
        quantityHint(String(got)),
      );
    return diag(
      'INVALID_VALUE',
      params.pattern === LABEL_VALUE.source
        ? `${label(path)} is \`${String(got)}\`, which is not a Kubernetes label value`
        : `\`${String(got)}\` does not match ${String(params.pattern)}`,
      where(path),
      e.instancePath,
      parent.description as string | undefined,
    );
  },
  type: ({ e, path, where, params, got }) =>
    diag(
      'WRONG_TYPE',
      `${label(path)} must be ${String(params.type).replace(',', ' or ')}, not ${typeName(got)}`,
      where(path),
      e.instancePath,
      typeHint(String(params.type), got),
    ),
  enum: ({ e, path, where, params, got }) => {
    const allowed = (params.allowedValues as unknown[]).map(String);
    return diag(
      'INVALID_ENUM',
      `${label(path)} is \`${String(got)}\`; expected one of ${allowed.join(', ')}`,
      where(path),
      e.instancePath,
      didYouMean(String(got), allowed),
    );
  },
  required: ({ e, path, where, params }) =>
    diag('MISSING_KEY', `${label(path)} needs \`${String(params.missingProperty)}\``, where(path, true), e.instancePath),
  minimum: range,
  maximum: range,
  exclusiveMinimum: range,
  exclusiveMaximum: range,
  // The repeat, not the first.
  uniqueItems: ({ e, path, where, params }) =>
    diag(
      'DUPLICATE_ITEM',
      `${label(path)} lists the same name twice (items ${String(params.j)} and ${String(params.i)})`,
      where([...path, Math.max(Number(params.i), Number(params.j))]),
      e.instancePath,
    ),
};

function badName(
  layer: Layer,
  e: ErrorObject,
  path: (string | number)[],
  where: (p: (string | number)[], k?: boolean) => ReturnType<Layer['locate']> & object,
): Diagnostic {
  const name = String(e.propertyName ?? (e.params as Record<string, unknown>).propertyName);
  const map = String(path[path.length - 1]);
  if (KEY_MAPS[map]) {
    const msg = `${KEY_MAPS[map]} key \`${name}\` is not a Kubernetes qualified name`;
    return diag('INVALID_NAME', msg, where([...path, name], true), toPointer([...path, name]), KEY_RULE);
  }
  const what = NAME_MAPS[map] ?? 'name';
  const dns = what !== 'task';
  const hint = dns
    ? `use lower-case letters, digits and '-', starting and ending with a letter or digit, at most ${MAX_NAME} characters (e.g. \`${suggestDns(name)}\`)`
    : `a task name ${taskNameProblem(name) ?? 'must match the task-name pattern'}`;
  return diag(
    'INVALID_NAME',
    `${what} name \`${name}\` is not ${dns ? 'a DNS-1123 label' : 'a valid task name'}`,
    where([...path, name], true),
    toPointer([...path, name]),
    hint,
  );
}

function quantityHint(v: string): string {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGTPE])B$/i.exec(v);
  if (m)
    return `write \`${m[1]}${(m[2] as string).toUpperCase()}i\` (binary) or \`${m[1]}${(m[2] as string).toUpperCase()}\` (decimal); Kubernetes has no "B" suffix`;
  return 'a quantity is a number with an optional suffix: m, k, M, G, Ki, Mi, Gi, ... (e.g. 500m, 512Mi, 2)';
}

const suggestDns = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME) || 'worker';
const label = (path: (string | number)[]) => (path.length ? `\`${path.join('.')}\`` : 'the document');
const inWhat = (path: (string | number)[]) => (path.length ? ` in \`${path.join('.')}\`` : ' at the top level');
// YAML 1.1 (Helm's reading) turns y, yes, on, no, off into booleans; say so where it bites.
const typeHint = (want: string, got: unknown): string | undefined =>
  want.includes('string') && typeof got === 'boolean'
    ? 'quote it: YAML 1.1, as Helm reads values, takes y/yes/on/n/no/off as booleans'
    : undefined;
const typeName = (v: unknown) =>
  v === undefined
    ? 'nothing (a list index was skipped)'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? 'a list'
        : typeof v === 'object'
          ? 'a map'
          : `${typeof v} \`${typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v)}\``;

function splitPointer(p: string): (string | number)[] {
  if (!p) return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, seg) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[seg as string] : undefined),
    data,
  );
}
