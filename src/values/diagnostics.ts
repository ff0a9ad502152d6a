// Diagnostics are data: every stage returns them, and only the CLI turns them into text.
import { CODES, type Code } from '../contract/codes.js';
import { MAX_MESSAGE_CHARS } from '../contract/limits.js';
import { echo } from '../contract/redact.js';
import { cut, visible, visibleLine } from '../contract/visible.js';

export type { Code };

/** One problem in the input, located in the file where it was written. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  code: Code;
  message: string;
  file: string;
  line: number;
  col: number;
  pointer: string;
  hint?: string;
}

/** A position in a source; line and col are 1-based. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/**
 * Build a diagnostic at a position; its severity is the code's (src/contract/codes.ts). Every
 * `quoted` part of the message and hint is a value as written: it is cut to one short line and
 * never shows a secret (a PEM from --set-file, a URL's password), whichever check quoted it.
 */
export function diag(code: Code, message: string, at: Position, pointer: string, hint?: string): Diagnostic {
  const m = bounded(message);
  const h = hint ? bounded(hint) : undefined;
  return {
    severity: CODES[code].severity,
    code,
    message: m,
    file: at.file,
    line: at.line,
    col: at.col,
    pointer,
    ...(h ? { hint: h } : {}),
  };
}

const quoted = (s: string) => s.replace(/`([^`]*)`/g, (_, v: string) => `\`${echo(v)}\``);
// Every form (text, json, github, sarif, Markdown) gets a message of one bounded, printable text.
const bounded = (s: string) => cut(visible(quoted(s)), MAX_MESSAGE_CHARS);

/** `file:line:col: error[CODE] message` plus an indented hint line. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${visibleLine(d.file)}:${d.line}:${d.col}: ${d.severity}[${d.code}] ${visible(d.message)}`;
  return d.hint ? `${head}\n  hint: ${visible(d.hint)}` : head;
}

/** Stable order: file, line, column, then code, so output never depends on discovery order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...list]
    .sort(
      (a, b) => byString(a.file, b.file) || a.line - b.line || a.col - b.col || byString(a.code, b.code) || byString(a.message, b.message),
    )
    .filter((d) => {
      const k = formatDiagnostic(d);
      return seen.has(k) ? false : (seen.add(k), true);
    });
}

/** Code-unit order: the same on every machine, and no ICU collator to start (localeCompare's ~7 ms). */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "2 errors, 1 warning" */
export function summarize(list: readonly Diagnostic[]): string {
  const n = (k: string, c: number) => `${c} ${k}${c === 1 ? '' : 's'}`;
  const errors = list.filter((d) => d.severity === 'error').length;
  return `${n('error', errors)}, ${n('warning', list.length - errors)}`;
}

export const hasErrors = (list: readonly Diagnostic[]): boolean => list.some((d) => d.severity === 'error');

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = distance(word.toLowerCase(), c.toLowerCase());
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** "did you mean `x`?" or undefined. */
export const didYouMean = (word: string, candidates: Iterable<string>): string | undefined => {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
};

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** JSON pointer from path segments (RFC 6901 escaping). */
export const toPointer = (path: readonly (string | number)[]): string =>
  path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
