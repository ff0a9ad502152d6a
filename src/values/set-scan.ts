// The scanner under src/values/set.ts: one `path=value` at a time, the value read as its flag says.
import { depthOf, MAX_DEPTH } from '../contract/limits.js';

/** The flag a value came from; each is a kind of value in Helm. */
export type SetKind = 'set' | 'set-string' | 'set-json' | 'set-file' | 'set-literal';

/** The expression and how far it has been read; `literal` turns off `\` escapes (--set-literal). */
export interface Scanner {
  text: string;
  i: number;
  literal: boolean;
}

type Seg = string | number;

/** The largest list index a flag may set, as Helm's strvals (MaxIndex); a larger one is refused, not allocated. */
export const MAX_INDEX = 65536;

/** Path segments that would reach an object's prototype instead of a value: refused in every path. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The path up to `=` (consumed), or why there is none. */
export function scanKey(s: Scanner): Seg[] | string {
  const path: Seg[] = [];
  let cur = '';
  let afterIndex = false;
  while (s.i < s.text.length) {
    const c = s.text[s.i] as string;
    if (c === '\\' && !s.literal && s.i + 1 < s.text.length) {
      cur += s.text[s.i + 1];
      s.i += 2;
      continue;
    }
    if (c === '=' || c === '.' || c === '[') {
      if (cur === '' && !afterIndex) return emptyKey(path, c);
      if (cur !== '') {
        if (FORBIDDEN_KEYS.has(cur)) return `\`${cur}\` cannot be a key: it names a JavaScript object's prototype, not a value`;
        path.push(cur);
      }
      cur = '';
      s.i++;
      if (c === '=') return path;
      afterIndex = c === '[';
      if (c === '[') {
        const end = s.text.indexOf(']', s.i);
        const idx = end < 0 ? '' : s.text.slice(s.i, end);
        if (!/^\d+$/.test(idx)) return `list index must be a number, as a[0]`;
        if (Number(idx) > MAX_INDEX) return `list index ${idx} of \`${keyText(path)}\` is above the limit of ${MAX_INDEX}`;
        path.push(Number(idx));
        s.i = end + 1;
        if (!/^[.[=]/.test(s.text.slice(s.i))) return 'expected `.`, `[` or `=` after a list index';
      }
      continue;
    }
    if (c === ',' && !s.literal) break;
    cur += c;
    afterIndex = false;
    s.i++;
  }
  return 'expected path=value';
}

/** A path as written on the command line: `a.b[0].c`. */
export const keyText = (path: readonly Seg[]) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');

const emptyKey = (path: Seg[], c: string) => (c === '=' && path.length === 0 ? 'expected path=value' : 'empty key in path');

/** The value after `=`, as the flag reads it, with the `,` after it consumed. */
export function scanValue(s: Scanner, kind: SetKind): { raw: unknown } | { error: string; at?: number } {
  if (kind === 'set-literal') {
    const raw = s.text.slice(s.i);
    s.i = s.text.length;
    return { raw };
  }
  if (kind === 'set-json') return scanJson(s);
  const read = kind === 'set' ? typed : (x: string) => x;
  if (s.text[s.i] === '{') {
    const end = closing(s.text, s.i + 1);
    if (end < 0) return { error: "a list must end with '}'" };
    const items = splitUnescaped(s.text.slice(s.i + 1, end)).map(read);
    s.i = end + 1;
    if (s.i < s.text.length && s.text[s.i] !== ',') return { error: "expected ',' after the list" };
    s.i++;
    return { raw: items };
  }
  const end = unescapedComma(s.text, s.i);
  const raw = read(unescape(s.text.slice(s.i, end)));
  s.i = end + 1;
  return { raw };
}

/**
 * Helm's typing of a --set value: true/false/null in any case, 0, and integers that do not start
 * with 0; everything else stays a string. Integers past 2^53 stay strings: JSON numbers cannot
 * hold them exactly (Helm would read them as int64).
 */
export function typed(s: string): unknown {
  const lower = s.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (lower === 'null') return null;
  if (s === '0') return 0;
  if (s[0] !== '0' && /^[-+]?\d+$/.test(s) && Number.isSafeInteger(Number(s))) return Number(s);
  return s;
}

// --set-json: one JSON value (an empty one is null), then an optional comma.
function scanJson(s: Scanner): { raw: unknown } | { error: string; at?: number } {
  while (/\s/.test(s.text[s.i] ?? '')) s.i++;
  if (s.i >= s.text.length || s.text[s.i] === ',') {
    s.i++;
    return { raw: null };
  }
  const from = s.i;
  const end = jsonEnd(s.text, s.i);
  let raw: unknown;
  try {
    raw = JSON.parse(s.text.slice(s.i, end));
  } catch (e) {
    return jsonProblem((e as Error).message, from, end);
  }
  s.i = end;
  while (/\s/.test(s.text[s.i] ?? '')) s.i++;
  if (s.i < s.text.length && s.text[s.i] !== ',') return { error: 'unexpected text after the JSON value', at: s.i };
  if (depthOf(raw) > MAX_DEPTH) return { error: `the JSON value nests deeper than ${MAX_DEPTH} levels`, at: from };
  const bad = forbiddenKey(raw);
  if (bad !== undefined)
    return { error: `the JSON value has the key \`${bad}\`, which names a JavaScript object's prototype, not a value`, at: from };
  s.i++;
  return { raw };
}

// JSON.parse's reason without the text it echoes (V8 quotes the whole value), and where it stopped.
function jsonProblem(message: string, from: number, end: number): { error: string; at: number } {
  const pos = /at position (\d+)/.exec(message);
  const reason = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  return { error: `not JSON: ${reason}`, at: pos ? from + Number(pos[1]) : /end of JSON/.test(message) ? end : from };
}

// The first key anywhere in a JSON value that FORBIDDEN_KEYS refuses.
function forbiddenKey(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (FORBIDDEN_KEYS.has(k)) return k;
    const inner = forbiddenKey(x);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

// Where one JSON value starting at `from` ends: brackets counted outside strings; a scalar runs
// to the next comma or space.
function jsonEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth <= 0) return i + 1;
    } else if (depth === 0 && (c === ',' || /\s/.test(c as string))) return i;
  }
  return text.length;
}

// The `}` closing a list, skipping escaped characters; -1 when there is none.
function closing(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '}') return i;
  }
  return -1;
}

function unescapedComma(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ',') return i;
  }
  return text.length;
}

function splitUnescaped(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ',' || i === s.length) {
      out.push(unescape(s.slice(start, i)));
      start = i + 1;
    }
  }
  return out;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');
