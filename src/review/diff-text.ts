// `tb-gen diff --format text`: for a terminal. Workers first, then totals, routing, and the
// field-level changes of every rendered object.
import { formatDiagnostic, type Diagnostic } from '../values/diagnostics.js';
import { capacityCells, change, fieldLine, routingLine, scaleCells, value } from './diff-cells.js';
import type { DiffReport, SideReport } from './diff.js';

const CAP = ['requests at min', 'requests at max', 'limits at min', 'limits at max'];

/** The whole report as plain text. */
export function diffText(r: DiffReport): string {
  const out: string[] = [`tb-gen diff: ${r.base.label} -> ${r.head.label}`];
  const invalid = [r.base, r.head].filter((s) => !s.valid);
  if (invalid.length) return [...out, ...invalid.flatMap(invalidSide)].join('\n') + '\n';
  if (!r.changed) return [...out, 'no changes'].join('\n') + '\n';
  for (const w of r.workers.filter((x) => x.status !== 'unchanged')) {
    out.push('', `worker ${w.name} (${w.status})`);
    for (const c of w.changes) out.push(`  ${c.field}: ${change(c.before && value(c.before), c.after && value(c.after), '', '->')}`);
    const [replicas, slots] = scaleCells(w.capacity.base, w.capacity.head, '->');
    out.push(`  replicas ${replicas}, job slots at max ${slots}`);
    capacityCells(w.capacity.base, w.capacity.head, 1, 1, '->').forEach((c, i) => out.push(`  ${CAP[i]} (cpu / memory): ${c}`));
  }
  if (r.totals) {
    const [nb, na] = [r.workers.filter((w) => w.base).length, r.workers.filter((w) => w.head).length];
    out.push('', `totals (${change(String(nb), String(na), '', '->')} enabled workers)`);
    const [replicas, slots] = scaleCells(r.totals.base, r.totals.head, '->');
    out.push(`  replicas ${replicas}, job slots at max ${slots}`);
    capacityCells(r.totals.base, r.totals.head, nb, na, '->').forEach((c, i) => out.push(`  ${CAP[i]} (cpu / memory): ${c}`));
  }
  if (r.routing.length) out.push('', 'routing', ...r.routing.map((x) => `  ${routingLine(x, (s) => s)}`));
  for (const side of [r.head].filter((x) => x.diagnostics.diagnostics.length)) {
    out.push(
      '',
      `${side.label}: ${side.diagnostics.text}`,
      ...side.diagnostics.diagnostics.map((d) => formatDiagnostic(d as unknown as Diagnostic).replace(/^/gm, '  ')),
    );
  }
  if (r.objects.length) {
    out.push('', 'objects');
    for (const o of r.objects) out.push(`  ${o.kind}/${o.name} (${o.change})`, ...o.fields.map((f) => `    ${fieldLine(f)}`));
  }
  return out.join('\n') + '\n';
}

function invalidSide(s: SideReport): string[] {
  return [
    `${s.label} is invalid (${s.diagnostics.text}); nothing to compare:`,
    ...s.diagnostics.diagnostics.map((d) => formatDiagnostic(d as unknown as Diagnostic)),
  ];
}
