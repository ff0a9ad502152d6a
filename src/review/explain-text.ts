// `tb-gen explain` for a terminal: one line per resolved value, aligned, with where it came from.
import type { Explanation, Origin } from './explain.js';

const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const where = (o: Origin) => (o.at ? `${o.at.file}:${o.at.line}:${o.at.col}` : '');

/** The explanation as aligned columns: path = value, level, source (file:line:col). */
export function explainText(e: Explanation): string {
  const head = `worker ${e.worker} (${e.enabled ? 'enabled' : 'disabled'}${e.profile ? `, profile ${e.profile}` : ''}): defaults < profile < worker`;
  const rows = e.values.map((o) => [
    `${o.path} = ${value(o.value)}`,
    o.level,
    o.source === o.at?.file ? where(o) : [o.source, where(o)].filter(Boolean).join(' at '),
  ]);
  const width = (i: number) => Math.min(60, Math.max(...rows.map((r) => (r[i] as string).length)));
  const [w0, w1] = [width(0), width(1)];
  return (
    [head, ...rows.map(([a, b, c]) => `  ${(a as string).padEnd(w0)}  ${(b as string).padEnd(w1)}  ${c as string}`.trimEnd())].join('\n') +
    '\n'
  );
}
