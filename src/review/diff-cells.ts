// The pieces every diff format prints the same way: amounts, before -> after with a delta,
// routing lines and field values.
import { delta, formatCpu, formatMemory, type Amount, type Capacity } from './capacity.js';
import type { FieldChange } from './objdiff.js';
import type { RoutingChange } from './routing-diff.js';

/** `cpu / memory`; `-` for what no worker sets, `*` when only some set it (their sum is shown). */
export function amount(a: Amount, workers: number): string {
  const part = (v: string, unset: number) => (workers > 0 && unset >= workers ? '-' : v + (unset > 0 ? '*' : ''));
  return `${part(formatCpu(a.cpuMillis), a.cpuUnset)} / ${part(formatMemory(a.memoryBytes), a.memoryUnset)}`;
}

/** `before → after (delta)`, or the one value when they are equal; a side that is absent is `-`. */
export function change(before: string | null, after: string | null, d = '', arrow = '→'): string {
  if (before === after) return before ?? '-';
  return `${before ?? '-'} ${arrow} ${after ?? '-'}${d ? ` (${d})` : ''}`;
}

/** An Amount cell of one worker or the totals, before and after. */
export function amountChange(b: Amount | null, a: Amount | null, nb: number, na: number, arrow = '→'): string {
  // A worker on one side only: its own figures (the status says it starts or stops).
  if (!b || !a) return b ? amount(b, nb) : a ? amount(a, na) : '-';
  const d = b && a ? [delta(b.cpuMillis, a.cpuMillis, formatCpu), delta(b.memoryBytes, a.memoryBytes, formatMemory)] : ['', ''];
  const shown = d.some(Boolean) ? d.map((x) => x || '0').join(' / ') : '';
  return change(b && amount(b, nb), a && amount(a, na), shown, arrow);
}

/** The four capacity cells: requests and limits, at the minimum and at the maximum replica count. */
export function capacityCells(b: Capacity | null, a: Capacity | null, nb = 1, na = 1, arrow = '→'): string[] {
  return [
    amountChange(b?.requests.atMin ?? null, a?.requests.atMin ?? null, nb, na, arrow),
    amountChange(b?.requests.atMax ?? null, a?.requests.atMax ?? null, nb, na, arrow),
    amountChange(b?.limits.atMin ?? null, a?.limits.atMin ?? null, nb, na, arrow),
    amountChange(b?.limits.atMax ?? null, a?.limits.atMax ?? null, nb, na, arrow),
  ];
}

/** Replicas as a range and job slots at max, before and after. */
export function scaleCells(b: Capacity | null, a: Capacity | null, arrow = '→'): string[] {
  const r = (c: Capacity | null) => c && (c.minReplicas === c.maxReplicas ? String(c.minReplicas) : `${c.minReplicas}-${c.maxReplicas}`);
  const slots = (c: Capacity | null) => c && String(c.slotsAtMax);
  if (!b || !a) return [r(b ?? a) ?? '-', slots(b ?? a) ?? '-'];
  return [change(r(b), r(a), '', arrow), change(slots(b), slots(a), delta(b.slotsAtMax, a.slotsAtMax, String), arrow)];
}

/** One routing change as a sentence; `q` quotes a name (backticks in Markdown). */
export function routingLine(r: RoutingChange, q: (s: string) => string): string {
  const who = (xs: string[]) => xs.map(q).join(', ');
  switch (r.kind) {
    case 'task-moved':
      return `task ${q(r.task ?? '')} moves: served by ${who(r.before)} before, by ${who(r.after)} now`;
    case 'task-unserved':
      return `task ${q(r.task ?? '')} is served by no enabled worker any more (was ${who(r.before)}); its jobs will wait`;
    case 'task-served':
      return `task ${q(r.task ?? '')} is now served by ${who(r.after)}`;
    case 'queue-unconsumed':
      return `queue ${q(r.queue ?? '')} loses its last consumer (was ${who(r.before)})`;
    case 'queue-consumed':
      return `queue ${q(r.queue ?? '')} gets its first consumer: ${who(r.after)}`;
  }
}

/** A field value in one line: strings bare (quoted and escaped as JSON when they hold a line break or tab), the rest as compact JSON. */
export const value = (v: unknown): string => (typeof v === 'string' && !/[\r\n\t]/.test(v) ? v : JSON.stringify(v));

/** `~ path: before -> after`, `+ path: after` or `- path: before`: one line, for a terminal. */
export function fieldLine(f: FieldChange): string {
  if (!('before' in f)) return `+ ${f.path}: ${value(f.after)}`;
  if (!('after' in f)) return `- ${f.path}: ${value(f.before)}`;
  return `~ ${f.path}: ${value(f.before)} -> ${value(f.after)}`;
}

/** The same as a unified diff reads it (a change is a `-` line and a `+` line), for ```diff blocks. */
export const fieldDiffLines = (f: FieldChange): string[] => [
  ...('before' in f ? [`- ${f.path}: ${value(f.before)}`] : []),
  ...('after' in f ? [`+ ${f.path}: ${value(f.after)}`] : []),
];
