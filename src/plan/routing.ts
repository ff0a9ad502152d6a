// Static routing check: the worker's own selection (src/contract/selection.ts) run against the
// values' task catalogue, so every selection tb-gen accepts is one task-backend-worker starts with.
// A task has one queue (its catalogue entry, else its own name); BullMQ cannot filter a queue by
// job name, so a worker must serve every task routed to a queue it consumes.
import { formatMessage } from '../contract/codes.js';
import { runsOurWorker } from '../contract/celery.js';
import { isKeda } from './autoscaling.js';
import { indexRoutes, namesQueues, select, type Filters, type Selection, type TaskRoute } from '../contract/selection.js';
import { diag, didYouMean, toPointer, type Diagnostic, type Position } from '../values/diagnostics.js';
import type { Values, WorkerSpec } from '../values/model.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from '../values/locate.js';
import { own } from '../contract/shapes.js';

/** The routing table tb-gen knows: the catalogue plus every task any worker names (own-name queue). */
export function routesOf(values: Values, workers: readonly ResolvedWorker[]): TaskRoute[] {
  const catalogue = values.tasks ?? {};
  const known = new Set(Object.keys(catalogue));
  for (const w of workers) for (const t of [...(w.spec.tasks ?? []), ...(w.spec.excludeTasks ?? [])]) known.add(t);
  return [...known].sort().map((name) => ({ name, queue: own(catalogue, name)?.queue ?? name }));
}

/** A worker's filters as the rendered args carry them: an empty list is no flag at all. */
export function filtersOf(spec: WorkerSpec): Filters {
  const f: Filters = {};
  for (const k of ['tasks', 'excludeTasks', 'queues', 'excludeQueues'] as const) {
    const v = spec[k];
    if (v !== undefined && v.length > 0) f[k] = v;
  }
  return f;
}

/** Routing diagnostics for the `checked` workers; TASK_NOT_SERVED only when `complete` (every worker checked). */
export function checkRouting(
  values: Values,
  all: readonly ResolvedWorker[],
  checked: readonly ResolvedWorker[],
  at: Locator,
  atPath: (p: string[]) => Position,
  complete: boolean,
): Diagnostic[] {
  const routes = routesOf(values, all);
  const index = indexRoutes(routes);
  const out: Diagnostic[] = [];
  const served = new Set<string>();
  for (const w of checked) {
    const sel = select(routes, filtersOf(w.spec), index);
    // task-backend-worker refuses unknown queues at start; Python Celery consumes what -Q names.
    const ours = runsOurWorker(w);
    for (const r of sel.served) served.add(r.name);
    out.push(
      ...kedaQueues(w, sel, at),
      ...servesNothing(w, sel, at, ours, Object.keys(values.tasks ?? {}).length > 0),
      ...(ours ? unknownQueues(w, sel, routes, at) : []),
      ...(ours ? notConsumed(w, sel, at) : []),
      ...refused(w, sel, at),
    );
  }
  if (!complete) return out;
  for (const r of routes) {
    if (served.has(r.name)) continue;
    out.push(
      diag(
        'TASK_NOT_SERVED',
        `task \`${r.name}\` (queue \`${r.queue}\`) is served by no enabled worker; its jobs will wait`,
        taskPosition(r.name, values, all, at, atPath),
        toPointer(['tasks', r.name]),
        'enable a worker that serves it, or remove the task',
      ),
    );
  }
  return out;
}

// An explicit list that leaves nothing is named; otherwise the selection as a whole is.
// KEDA watches the consumed queues' keys; with none known there is nothing to scale on.
function kedaQueues(w: ResolvedWorker, sel: Selection, at: Locator): Diagnostic[] {
  if (!isKeda(w) || sel.queues.length > 0) return [];
  const here = at(w.name, ['autoscaling'], { key: true });
  const hint = 'list the tasks or queues it serves, or add the tasks: catalogue';
  return [
    diag('KEDA_QUEUES_UNKNOWN', formatMessage('KEDA_QUEUES_UNKNOWN', w.name), here, toPointer(['workers', w.name, 'autoscaling']), hint),
  ];
}

function servesNothing(w: ResolvedWorker, sel: Selection, at: Locator, ours: boolean, known: boolean): Diagnostic[] {
  const s = w.spec;
  const reasons: Array<[string | false | 0 | undefined, 'tasks' | 'queues' | undefined]> = [
    [s.tasks?.length === 0 ? 'tasks is empty' : undefined, 'tasks'],
    [s.tasks?.length && s.tasks.every((t) => s.excludeTasks?.includes(t)) ? 'every task in tasks is excluded' : undefined, 'tasks'],
    [s.queues?.length === 0 ? 'queues is empty' : undefined, 'queues'],
    [s.queues?.length && s.queues.every((q) => s.excludeQueues?.includes(q)) ? 'every queue in queues is excluded' : undefined, 'queues'],
    // tb-gen knows the app's tasks from the worker's own lists, or from a catalogue, which it takes
    // as the app's whole routing table; with neither, the app may register tasks tb-gen never sees.
    [
      ours && (s.tasks || s.queues || known) && sel.problems.some((p) => p.kind === 'serves-nothing')
        ? 'no task it selects is routed to a queue it consumes'
        : undefined,
      s.tasks ? 'tasks' : s.queues ? 'queues' : undefined,
    ],
  ];
  const found = reasons.find(([why]) => typeof why === 'string');
  if (!found) return [];
  const [why, key] = found;
  return [
    diag(
      'WORKER_SERVES_NOTHING',
      formatMessage('WORKER_SERVES_NOTHING', w.name, why as string),
      at(w.name, key ? [key] : [], { key: true }),
      toPointer(['workers', w.name, ...(key ? [key] : [])]),
      'list at least one task on a queue it consumes, or remove the filter to serve every task not excluded',
    ),
  ];
}

function unknownQueues(w: ResolvedWorker, sel: Selection, routes: readonly TaskRoute[], at: Locator): Diagnostic[] {
  if (!sel.problems.some((p) => p.kind === 'unknown-name')) return [];
  const queues = [...new Set(routes.map((r) => r.queue))].sort();
  return sel.problems.flatMap((p) => {
    if (p.kind !== 'unknown-name' || !namesQueues(p.filter)) return [];
    const hint = p.isOtherKind
      ? `\`${p.name}\` is a task (its queue is \`${routes.find((r) => r.name === p.name)?.queue}\`); list it under tasks: instead`
      : `${didYouMean(p.name, queues) ?? ''} route a task to it under tasks: (queue: ${p.name}), or use one of: ${queues.join(', ')}`.trim();
    return [
      diag(
        'UNKNOWN_QUEUE',
        formatMessage('UNKNOWN_QUEUE', w.name, p.name, p.filter),
        at(w.name, [p.filter, p.index]),
        toPointer(['workers', w.name, p.filter, p.index]),
        hint,
      ),
    ];
  });
}

// task-backend-worker refuses to start on these; another backend's image routes as it likes.
function notConsumed(w: ResolvedWorker, sel: Selection, at: Locator): Diagnostic[] {
  return sel.problems.flatMap((p) => {
    if (p.kind !== 'not-consumed') return [];
    const { name, queue } = p.route;
    const msg = formatMessage('LISTED_TASK_NOT_CONSUMED', w.name, name, queue, (w.spec.queues ?? []).join(', '));
    const hint = `add \`${queue}\` to queues, or remove \`${name}\` from tasks`;
    return [diag('LISTED_TASK_NOT_CONSUMED', msg, at(w.name, ['tasks', p.index]), toPointer(['workers', w.name, 'tasks', p.index]), hint)];
  });
}

function refused(w: ResolvedWorker, sel: Selection, at: Locator): Diagnostic[] {
  const byQueue = new Map<string, string[]>();
  for (const r of sel.rejected) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r.name]);
  return [...byQueue].map(([q, tasks]) => {
    const idx = w.spec.queues?.indexOf(q) ?? -1;
    const pos = idx >= 0 ? at(w.name, ['queues', idx]) : at(w.name, ['tasks'], { key: true });
    return diag(
      'QUEUE_SHARED_WITH_REFUSED_TASK',
      formatMessage('QUEUE_SHARED_WITH_REFUSED_TASK', w.name, q, list(tasks)),
      pos,
      toPointer(['workers', w.name]),
      `serve ${list(tasks)} in \`${w.name}\` too, or route ${tasks.length > 1 ? 'them' : 'it'} to another queue under tasks:`,
    );
  });
}

function taskPosition(
  task: string,
  values: Values,
  workers: readonly ResolvedWorker[],
  at: Locator,
  atPath: (p: string[]) => Position,
): Position {
  if (own(values.tasks, task)) return atPath(['tasks', task]);
  const owner = workers.find((w) => w.spec.tasks?.includes(task)) ?? workers.find((w) => w.spec.excludeTasks?.includes(task));
  if (owner) {
    const key = owner.spec.tasks?.includes(task) ? 'tasks' : 'excludeTasks';
    return at(owner.name, [key, (owner.spec[key] as string[]).indexOf(task)]);
  }
  return atPath(['workers']);
}

const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');
