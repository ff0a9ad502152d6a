// Stage 5: the one place objects become YAML, byte-stable. The yaml library decides how every
// scalar is written (quoting for YAML 1.1 readers such as kubectl and Helm); the block structure
// of our plain JSON-like objects is laid out here, because the library's general-purpose
// stringify took 3 s for 5,000 workers. A property test holds this equal to yaml.stringify.
import { stringify } from 'yaml';
import { isMap } from '../contract/shapes.js';

/** The options the output is pinned to; the property test compares against stringify with these. */
export const YAML_OPTIONS = {
  // YAML 1.1 so strings such as "yes" or "on" are quoted for kubectl's and Helm's YAML 1.1 readers.
  version: '1.1',
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
  indentSeq: true,
} as const;

const scalars = new Map<unknown, string>();

// A scalar exactly as yaml.stringify writes it; multi-line strings become JSON-quoted, which
// YAML reads back the same and which keeps the layout below free of block scalars.
function scalar(v: unknown): string {
  let s = scalars.get(v);
  if (s === undefined) {
    s = typeof v === 'string' && v.includes('\n') ? JSON.stringify(v) : stringify(v, YAML_OPTIONS).replace(/\n$/, '');
    if (scalars.size > 100_000) scalars.clear();
    scalars.set(v, s);
  }
  return s;
}

const isEmpty = (v: unknown) => (Array.isArray(v) ? v.length === 0 : isMap(v) && Object.keys(v).length === 0);
const flow = (v: unknown) => (Array.isArray(v) ? '[]' : '{}');

function writeMap(m: Record<string, unknown>, indent: string, out: string[], first: string): void {
  let lead = first;
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined) continue;
    const key = scalar(k);
    if ((isMap(v) || Array.isArray(v)) && !isEmpty(v)) {
      out.push(`${lead}${key}:\n`);
      write(v, indent + '  ', out);
    } else out.push(`${lead}${key}: ${isEmpty(v) ? flow(v) : scalar(v)}\n`);
    lead = indent;
  }
}

function writeSeq(xs: unknown[], indent: string, out: string[], first: string): void {
  let lead = first;
  for (const x of xs) {
    if ((isMap(x) || Array.isArray(x)) && !isEmpty(x)) {
      const inner = indent + '  ';
      if (isMap(x)) writeMap(x, inner, out, `${lead}- `);
      else writeSeq(x, inner, out, `${lead}- `);
    } else out.push(`${lead}- ${isEmpty(x) ? flow(x) : scalar(x)}\n`);
    lead = indent;
  }
}

function write(v: unknown, indent: string, out: string[]): void {
  if (isMap(v)) writeMap(v, indent, out, indent);
  else if (Array.isArray(v)) writeSeq(v, indent, out, indent);
  else out.push(`${indent}${scalar(v)}\n`);
}

/** One object as a YAML document body. */
export function toYaml(object: unknown): string {
  if (isEmpty(object) || (!isMap(object) && !Array.isArray(object))) return stringify(object, YAML_OPTIONS);
  const out: string[] = [];
  write(object, '', out);
  return out.join('');
}

/** Several objects as one multi-document stream, each document opened by `---`. */
export const toYamlStream = (objects: readonly unknown[]): string => objects.map((o) => `---\n${toYaml(o)}`).join('');
