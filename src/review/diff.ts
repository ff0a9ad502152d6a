// `tb-gen diff`: two runs of the whole pipeline compared for review. Pure: the CLI reads both
// sides' files (the working tree, a git ref) and hands over their results.
import type { Diagnostic } from '../values/diagnostics.js';
import type { Plan } from '../plan/model.js';
import { routesOf } from '../plan/routing.js';
import type { GenerateResult } from '../generate.js';
import { capacityOf, total, type Capacity } from './capacity.js';
import { diagnosticsJson, JSON_VERSION, type DiagnosticsJson } from './diagnostics-json.js';
import { objectChanges, type ObjectChange } from './objdiff.js';
import { routingChanges, type RoutingChange } from './routing-diff.js';
import { summarize, type WorkerSummary } from './summary.js';
import { summaryChanges, type SummaryChange } from './worker-diff.js';

/** One side: what it is called (`main`, `working tree`) and its pipeline result. */
export interface Side {
  label: string;
  result: GenerateResult;
}

export interface SideReport {
  label: string;
  valid: boolean;
  diagnostics: DiagnosticsJson;
}

export type WorkerStatus = 'added' | 'removed' | 'enabled' | 'disabled' | 'changed' | 'unchanged';

export interface WorkerChange {
  name: string;
  status: WorkerStatus;
  base: WorkerSummary | null;
  head: WorkerSummary | null;
  capacity: { base: Capacity | null; head: Capacity | null };
  changes: SummaryChange[];
}

/** The documented JSON shape of `tb-gen diff --format json` (README, "Reviewing a change"). */
export interface DiffReport {
  version: number;
  base: SideReport;
  head: SideReport;
  /** Anything at all differs: a worker, a routing, or a field of a rendered object. */
  changed: boolean;
  workers: WorkerChange[];
  totals: { base: Capacity; head: Capacity } | null;
  routing: RoutingChange[];
  objects: ObjectChange[];
}

const valid = (r: GenerateResult, fail: (d: readonly Diagnostic[]) => boolean) =>
  r.plan !== undefined && !!r.objects && !fail(r.diagnostics);

/** Compare two sides; `fail` says which diagnostics make a side invalid (errors, or warnings too with --strict). */
export function diff(base: Side, head: Side, fail: (d: readonly Diagnostic[]) => boolean): DiffReport {
  const sides = [base, head].map((s) => ({
    label: s.label,
    valid: valid(s.result, fail),
    diagnostics: diagnosticsJson(s.result.diagnostics),
  }));
  const [b, h] = sides as [SideReport, SideReport];
  const empty = { version: JSON_VERSION, base: b, head: h, changed: false, workers: [], totals: null, routing: [], objects: [] };
  if (!b.valid || !h.valid) return empty;
  const [bp, hp] = [base.result.plan as Plan, head.result.plan as Plan];
  const bs = summarize(bp, base.result.objects ?? [], routesOf(hp.values, hp.workers));
  const hs = summarize(hp, head.result.objects ?? [], routesOf(bp.values, bp.workers));
  const workers = workerChanges(bp, hp, bs, hs);
  const routing = routingChanges(bs, hs);
  const objects = objectChanges(
    (base.result.objects ?? []).map((r) => r.object),
    (head.result.objects ?? []).map((r) => r.object),
  );
  const totals = { base: total([...bs.values()].map(capacityOf)), head: total([...hs.values()].map(capacityOf)) };
  const changed = workers.some((w) => w.status !== 'unchanged') || routing.length > 0 || objects.length > 0;
  return { ...empty, changed, workers, totals, routing, objects };
}

function workerChanges(bp: Plan, hp: Plan, bs: Map<string, WorkerSummary>, hs: Map<string, WorkerSummary>): WorkerChange[] {
  const declared = (p: Plan) => new Set(Object.keys(p.values.workers ?? {}));
  const [bd, hd] = [declared(bp), declared(hp)];
  const names = [...new Set([...bs.keys(), ...hs.keys()])].sort();
  return names.map((name) => {
    const [before, after] = [bs.get(name) ?? null, hs.get(name) ?? null];
    const changes = summaryChanges(before, after);
    const status: WorkerStatus = !before
      ? bd.has(name)
        ? 'enabled'
        : 'added'
      : !after
        ? hd.has(name)
          ? 'disabled'
          : 'removed'
        : changes.length
          ? 'changed'
          : 'unchanged';
    return {
      name,
      status,
      base: before,
      head: after,
      capacity: { base: before && capacityOf(before), head: after && capacityOf(after) },
      changes,
    };
  });
}
