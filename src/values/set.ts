// Helm's value flags in its strvals form: `--set`, `--set-string`, `--set-json`, `--set-file` and
// `--set-literal`. Dotted paths, a[0] indexes, {a,b} lists, `\` escapes; each kind reads its value
// as Helm does (helm.sh/helm/v3 pkg/strvals and pkg/cli/values/options.go, v3.22).
import { depthOf, MAX_DEPTH, MAX_SET_CHARS } from '../contract/limits.js';
import { echo } from '../contract/redact.js';
import { isMap } from '../contract/shapes.js';
import { diag, toPointer, type Diagnostic, type Position } from './diagnostics.js';
import type { Layer } from './load.js';
import { keyText, scanKey, scanValue, type Scanner, type SetKind } from './set-scan.js';

export type { SetKind };

/** One value flag as given; `files` holds the text of every path a `--set-file` names (read by the CLI). */
export interface SetArg {
  kind: SetKind;
  expr: string;
  files?: Readonly<Record<string, string>>;
}

/**
 * Helm applies every --set-json, then every --set, --set-string, --set-file and --set-literal,
 * each kind in command-line order, whatever order the flags were given in; so does tb-gen.
 */
export const SET_ORDER: readonly SetKind[] = ['set-json', 'set', 'set-string', 'set-file', 'set-literal'];

type Seg = string | number;

/** The flags in the order Helm applies them, each with its 1-based number among flags of its kind. */
export function orderSets(args: readonly (SetArg | string)[]): Array<SetArg & { n: number }> {
  const all = args.map((a) => (typeof a === 'string' ? { kind: 'set' as const, expr: a } : a));
  return SET_ORDER.flatMap((kind) => all.filter((a) => a.kind === kind).map((a, i) => ({ ...a, n: i + 1 })));
}

/** The paths a `--set-file` expression names, so the CLI can read them before the pipeline runs. */
export function setFilePaths(expr: string): string[] {
  const out: string[] = [];
  forEachAssignment(
    { kind: 'set-file', expr },
    () => undefined,
    (p) => (out.push(p), ''),
  );
  return [...new Set(out)];
}

/**
 * One value flag (it may hold several comma-separated assignments) as a values layer. `base` is
 * what the files and earlier flags gave: Helm sets a list index inside that list, so the layer
 * starts each list it indexes into from a copy of the base's.
 */
export function parseSet(
  expr: string,
  index: number,
  kind: SetKind = 'set',
  files: Readonly<Record<string, string>> = {},
  base: unknown = {},
): {
  layer?: Layer;
  diagnostics: Diagnostic[];
} {
  const file = `--${kind}`;
  const at = (col: number): Position => ({ file, line: index + 1, col });
  const data: Record<string, unknown> = {};
  const where = new Map<string, number>();
  const assigned: string[] = [];
  const each = (path: Seg[], value: unknown, col: number) => {
    assign(data, path, value, base);
    assigned.push(toPointer(path));
    for (let n = 1; n <= path.length; n++) where.set(JSON.stringify(path.slice(0, n)), col);
  };
  const problem =
    expr.length > MAX_SET_CHARS
      ? { text: expr, why: `${expr.length} characters, above the limit of ${MAX_SET_CHARS}; put the values in a -f file`, col: 1 }
      : (forEachAssignment({ kind, expr }, each, (p) => files[p]) ?? deepProblem(data, expr));
  if (problem) {
    const hint =
      kind === 'set-json' ? `write ${file} path.to.key='{"json":"value"}'` : `write ${file} path.to.key=value, lists as key={a,b}`;
    return { diagnostics: [diag('SET_SYNTAX', `${file} ${echo(problem.text, 80)}: ${problem.why}`, at(problem.col), '', hint)] };
  }
  const layer: Layer = {
    file,
    data,
    locate: (path) => {
      const col = where.get(JSON.stringify(path));
      return col === undefined ? undefined : at(col);
    },
    owns: (p) => assigned.some((a) => a === p || a.startsWith(p + '/') || p.startsWith(a + '/')),
  };
  return { layer, diagnostics: [] };
}

// Paths and JSON values past MAX_DEPTH: every later stage walks values recursively.
const deepProblem = (data: unknown, expr: string): Problem | undefined =>
  depthOf(data) > MAX_DEPTH ? { text: expr, why: `nests deeper than ${MAX_DEPTH} levels`, col: 1 } : undefined;

interface Problem {
  text: string;
  why: string;
  col: number;
}

// Reads `path=value[,path=value...]`, calling `each` per assignment; the first mistake stops it.
// A --set-file value is a path (or a list of paths) whose text `read` gives.
function forEachAssignment(
  arg: SetArg,
  each: (path: Seg[], value: unknown, col: number) => void,
  read: (path: string) => string | undefined,
): Problem | undefined {
  const s: Scanner = { text: arg.expr, i: 0, literal: arg.kind === 'set-literal' };
  while (s.i < s.text.length) {
    const start = s.i;
    const key = scanKey(s);
    const fail = (why: string): Problem => ({ text: s.text.slice(start, nextComma(s.text, start)), why, col: start + 1 });
    if (typeof key === 'string') return fail(key);
    const value = scanValue(s, arg.kind);
    // A JSON value may hold commas: it is named by its key, and located where JSON.parse stopped.
    if ('error' in value)
      return arg.kind === 'set-json' ? { text: keyText(key), why: value.error, col: (value.at ?? start) + 1 } : fail(value.error);
    const file = (p: unknown) => read(String(p)) ?? '';
    each(key, arg.kind !== 'set-file' ? value.raw : Array.isArray(value.raw) ? value.raw.map(file) : file(value.raw), start + 1);
  }
  return undefined;
}

const nextComma = (text: string, from: number) => {
  const i = text.indexOf(',', from);
  return i < 0 ? text.length : i;
};

// Writes value at path, creating maps and lists on the way; a list met for the first time starts
// as a copy of the base's list at that path (maps need no copy: the layers deep-merge). Indexes
// past a list's end fill the gap with null, as Helm does (the scanner caps them at MAX_INDEX).
function assign(root: Record<string, unknown>, path: Seg[], value: unknown, base: unknown): void {
  let node: Record<string | number, unknown> | unknown[] = root;
  let from: unknown = base;
  path.forEach((seg, i) => {
    from =
      from !== null && typeof from === 'object' && Object.hasOwn(from, seg) ? (from as Record<string | number, unknown>)[seg] : undefined;
    if (i === path.length - 1) return put(node, seg, value);
    const nextIsIndex = typeof path[i + 1] === 'number';
    const cur = get(node, seg);
    // What the path needs next: a list before an index, a map before a key; anything else is replaced.
    if (nextIsIndex ? !Array.isArray(cur) : !isMap(cur))
      put(node, seg, !nextIsIndex ? {} : Array.isArray(from) ? structuredClone(from) : []);
    node = get(node, seg) as Record<string | number, unknown> | unknown[];
  });
}

const get = (node: object, seg: Seg): unknown => (Object.hasOwn(node, seg) ? (node as Record<Seg, unknown>)[seg] : undefined);

function put(node: Record<string | number, unknown> | unknown[], seg: Seg, value: unknown): void {
  if (Array.isArray(node) && typeof seg === 'number') while (node.length < seg) node.push(null);
  (node as Record<Seg, unknown>)[seg] = value;
}
