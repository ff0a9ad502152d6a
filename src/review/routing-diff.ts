// Routing changes between two plans: which enabled workers serve each task and consume each queue,
// before and after. A task that changes hands, one nobody serves any more, a queue left unconsumed.
import type { WorkerSummary } from './summary.js';

export type RoutingKind = 'task-moved' | 'task-unserved' | 'task-served' | 'queue-unconsumed' | 'queue-consumed';

/** One change; `before` and `after` are worker names. */
export interface RoutingChange {
  kind: RoutingKind;
  task: string | null;
  queue: string | null;
  before: string[];
  after: string[];
}

type Side = ReadonlyMap<string, WorkerSummary>;

// name -> the workers that have it, sorted.
function index(side: Side, of: (s: WorkerSummary) => string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of [...side.values()].sort((a, b) => (a.name < b.name ? -1 : 1)))
    for (const n of of(s)) out.set(n, [...(out.get(n) ?? []), s.name]);
  return out;
}

/** Every routing change, tasks first, each group by name. */
export function routingChanges(base: Side, head: Side): RoutingChange[] {
  const out: RoutingChange[] = [];
  const pairs = [
    ['task', index(base, (s) => s.tasks), index(head, (s) => s.tasks)],
    ['queue', index(base, (s) => s.queues), index(head, (s) => s.queues)],
  ] as const;
  for (const [what, b, h] of pairs) {
    for (const name of [...new Set([...b.keys(), ...h.keys()])].sort()) {
      const before = b.get(name) ?? [];
      const after = h.get(name) ?? [];
      if (before.join() === after.join()) continue;
      const kind = kindOf(what, before.length, after.length);
      if (kind) out.push({ kind, task: what === 'task' ? name : null, queue: what === 'queue' ? name : null, before, after });
    }
  }
  return out;
}

// A queue whose set of consumers changes but never empties is no routing news: the task lines say it.
function kindOf(what: 'task' | 'queue', before: number, after: number): RoutingKind | undefined {
  if (what === 'task') return after === 0 ? 'task-unserved' : before === 0 ? 'task-served' : 'task-moved';
  return after === 0 ? 'queue-unconsumed' : before === 0 ? 'queue-consumed' : undefined;
}
