// `--set path=value` in Helm's strvals form: dotted paths, a[0] indexes, {a,b} lists, \. escapes.
import { diag, type Diagnostic, type Position } from './diagnostics.js';
import type { Layer } from './load.js';

type Seg = string | number;
interface Assignment {
  path: Seg[];
  value: unknown;
  col: number;
}

/** One --set argument (it may hold several comma-separated assignments) as a values layer. */
export function parseSet(expr: string, index: number): { layer?: Layer; diagnostics: Diagnostic[] } {
  const file = '--set';
  const at = (col: number): Position => ({ file, line: index + 1, col });
  const diagnostics: Diagnostic[] = [];
  const data: Record<string, unknown> = {};
  const where = new Map<string, number>();
  for (const part of splitTop(expr)) {
    const a = parseAssignment(part.text, part.col);
    if (typeof a === 'string') {
      diagnostics.push(
        diag('SET_SYNTAX', `--set ${part.text}: ${a}`, at(part.col), '', 'write --set path.to.key=value, lists as key={a,b}'),
      );
      continue;
    }
    assign(data, a.path, a.value);
    for (let n = 1; n <= a.path.length; n++) where.set(JSON.stringify(a.path.slice(0, n)), a.col);
  }
  if (diagnostics.length) return { diagnostics };
  const layer: Layer = {
    file,
    data,
    locate: (path) => {
      const col = where.get(JSON.stringify(path));
      return col === undefined ? undefined : at(col);
    },
  };
  return { layer, diagnostics };
}

// Splits on commas that are outside {...} and not escaped.
function splitTop(expr: string): Array<{ text: string; col: number }> {
  const out: Array<{ text: string; col: number }> = [];
  let depth = 0,
    start = 0;
  for (let i = 0; i <= expr.length; i++) {
    const c = expr[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    if ((c === ',' && depth === 0) || i === expr.length) {
      out.push({ text: expr.slice(start, i), col: start + 1 });
      start = i + 1;
    }
  }
  return out;
}

function parseAssignment(text: string, col: number): Assignment | string {
  const eq = indexUnescaped(text, '=');
  if (eq <= 0) return 'expected path=value';
  const path: Seg[] = [];
  for (const raw of splitUnescaped(text.slice(0, eq), '.')) {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(raw) as RegExpExecArray;
    if (m[1] === '') return `empty key in path '${text.slice(0, eq)}'`;
    path.push(unescape(m[1] as string));
    for (const idx of (m[2] as string).matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  const rawValue = text.slice(eq + 1);
  const list = /^\{(.*)\}$/s.exec(rawValue);
  const value = list ? (list[1] === '' ? [] : splitUnescaped(list[1] as string, ',').map(typed)) : typed(rawValue);
  return { path, value, col };
}

// Helm's typing: true/false, null and plain integers; everything else stays a string.
function typed(raw: string): unknown {
  const s = unescape(raw);
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null') return null;
  if (/^-?(0|[1-9]\d{0,15})$/.test(s)) return Number(s);
  return s;
}

function assign(root: Record<string, unknown>, path: Seg[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      node[seg] = value;
      return;
    }
    const nextIsIndex = typeof path[i + 1] === 'number';
    const cur = node[seg];
    if (typeof cur !== 'object' || cur === null) node[seg] = nextIsIndex ? [] : {};
    node = node[seg] as Record<string | number, unknown>;
  });
}

function indexUnescaped(s: string, ch: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

function splitUnescaped(s: string, ch: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i]! + s[i + 1]!;
      i++;
    } else if (s[i] === ch) {
      out.push(cur);
      cur = '';
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');
