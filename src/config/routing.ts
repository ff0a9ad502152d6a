// Static routing check. A task has one queue (its catalogue entry, else its own name); BullMQ
// cannot filter a queue by job name, so a worker must serve every task routed to what it consumes.
import { diag, type Diagnostic, type Position } from './diagnostics.js';
import type { ResolvedWorker, Values, WorkerSpec } from './model.js';
import type { Locator } from './normalize.js';
import { isServed } from '../worker/selection.js';

/** The selection rules task-backend-worker applies at run time, over a known set of tasks. */
export interface Routing {
  queueOf(task: string): string;
  serves(spec: WorkerSpec, task: string): boolean;
  consumes(spec: WorkerSpec): string[];
  tasks: string[];
}

/** Build the routing view of a values file: the catalogue plus every task any worker names. */
export function routingOf(values: Values, workers: readonly ResolvedWorker[]): Routing {
  const catalogue = values.tasks ?? {};
  const known = new Set(Object.keys(catalogue));
  for (const w of workers) for (const t of [...(w.spec.tasks ?? []), ...(w.spec.excludeTasks ?? [])]) known.add(t);
  const tasks = [...known].sort();
  const queueOf = (t: string) => catalogue[t]?.queue ?? t;
  // The worker's own rule, so the static check and the running worker cannot disagree.
  const serves = (s: WorkerSpec, t: string) => isServed({ name: t, queue: queueOf(t) }, s);
  const consumes = (s: WorkerSpec) => {
    const excluded = new Set(s.excludeQueues ?? []);
    const base = s.queues ?? unique((s.tasks ?? tasks).filter((t) => serves(s, t)).map(queueOf));
    return base.filter((q) => !excluded.has(q));
  };
  return { queueOf, serves, consumes, tasks };
}

/** Warnings for tasks no enabled worker serves; errors for queues shared with refused tasks. */
export function checkRouting(values: Values, workers: readonly ResolvedWorker[], at: Locator, atPath: (p: string[]) => Position): Diagnostic[] {
  const r = routingOf(values, workers);
  const enabled = workers.filter((w) => w.spec.enabled !== false);
  const byQueue = new Map<string, string[]>();
  for (const t of r.tasks) byQueue.set(r.queueOf(t), [...(byQueue.get(r.queueOf(t)) ?? []), t]);
  const out: Diagnostic[] = [];
  const served = new Set<string>();
  for (const w of enabled) {
    for (const t of w.spec.tasks ?? r.tasks) if (r.serves(w.spec, t)) served.add(t);
    for (const q of r.consumes(w.spec)) {
      const refused = (byQueue.get(q) ?? []).filter((t) => !r.serves(w.spec, t));
      if (refused.length === 0) continue;
      const idx = w.spec.queues?.indexOf(q) ?? -1;
      const pos = idx >= 0 ? at(w.name, ['queues', idx]) : at(w.name, ['tasks'], { key: true });
      out.push(diag('error', 'QUEUE_SHARED_WITH_REFUSED_TASK',
        `worker \`${w.name}\` consumes queue \`${q}\`, but refuses ${list(refused)} routed to it; those jobs would fail there`,
        pos, `/workers/${w.name}`, `serve ${list(refused)} in \`${w.name}\` too, or route ${refused.length > 1 ? 'them' : 'it'} to another queue under tasks:`));
    }
  }
  for (const t of r.tasks) {
    if (served.has(t)) continue;
    out.push(diag('warning', 'TASK_NOT_SERVED', `task \`${t}\` (queue \`${r.queueOf(t)}\`) is served by no enabled worker; its jobs will wait`,
      taskPosition(t, values, workers, at, atPath), `/tasks/${t}`, 'enable a worker that serves it, or remove the task'));
  }
  return out;
}

function taskPosition(task: string, values: Values, workers: readonly ResolvedWorker[], at: Locator, atPath: (p: string[]) => Position): Position {
  if (values.tasks?.[task]) return atPath(['tasks', task]);
  const owner = workers.find((w) => w.spec.tasks?.includes(task)) ?? workers.find((w) => w.spec.excludeTasks?.includes(task));
  if (owner) {
    const key = owner.spec.tasks?.includes(task) ? 'tasks' : 'excludeTasks';
    return at(owner.name, [key, (owner.spec[key] as string[]).indexOf(task)]);
  }
  return atPath(['workers']);
}

const unique = (xs: string[]) => [...new Set(xs)];
const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');
