// Text that reaches a terminal, a CI log or a Markdown page shows every character it holds: control
// characters (ESC, BEL, CR, ...) and bidirectional overrides from values are written as escapes,
// so a value can neither drive the terminal nor hide part of a line.

// C0 controls but tab and line feed, DEL, C1 controls, and the Unicode bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// The same, with line feed and tab: for text that must stay on one line.
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const escape = (c: string): string => {
  const n = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** `s` with every control character written as an escape (`\x1b`); line feeds and tabs kept. */
export const visible = (s: string): string => s.replace(UNSAFE, escape);

/** `s` on one line: line feeds and tabs escaped too. */
export const visibleLine = (s: string): string => s.replace(UNSAFE_LINE, escape);

/** `s` cut to `max` characters, saying how many were left out. */
export const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`);

// What JSON.stringify leaves raw but a terminal acts on or a reader cannot see: DEL, C1, bidi controls.
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** JSON.stringify(v, null, 2) with those characters as \u escapes: the same JSON value, printable. */
export const jsonText = (v: unknown): string =>
  JSON.stringify(v, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
