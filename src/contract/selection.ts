// Which tasks a worker serves and which queues it consumes: a pure function of the routing table
// and the four filters. task-backend-worker runs it against its app's registry at start, and
// tb-gen's routing check (src/plan/routing.ts) runs it against the values' task catalogue, so
// whatever tb-gen calls valid the worker starts with.

import { flagSpec } from './args.js';

/** A task's routing: its name and the one queue its jobs go to. */
export interface TaskRoute {
  name: string;
  queue: string;
}

/** The four filters; undefined means "not given" (an empty list is never produced by the parser). */
export interface Filters {
  tasks?: string[];
  excludeTasks?: string[];
  queues?: string[];
  excludeQueues?: string[];
}

export type FilterKey = keyof Filters;
export const FILTER_KEYS: readonly FilterKey[] = ['tasks', 'excludeTasks', 'queues', 'excludeQueues'];
/** Does this filter name queues (else tasks)? */
export const namesQueues = (k: FilterKey): boolean => k === 'queues' || k === 'excludeQueues';

/** Why a selection cannot run: the worker refuses to start, tb-gen reports an error. */
export type SelectionProblem =
  | { kind: 'unknown-name'; filter: FilterKey; index: number; name: string; isOtherKind: boolean }
  | { kind: 'serves-nothing' }
  /** A task listed in `tasks` whose queue `queues` leaves out: its jobs would never run here. */
  | { kind: 'not-consumed'; index: number; route: TaskRoute };

/** The outcome: what runs, what is refused on a consumed queue, and every reason it cannot run. */
export interface Selection {
  served: TaskRoute[];
  queues: string[];
  /** Tasks routed to a consumed queue that this worker will refuse (their jobs fail, named). */
  rejected: TaskRoute[];
  /** Tasks listed in `tasks` that are not served (excluded on purpose, or a `not-consumed` problem). */
  filteredOut: TaskRoute[];
  problems: SelectionProblem[];
}

/** served(T) = (no tasks or T in tasks) and T not excluded and (no queues or q(T) in queues) and q(T) not excluded. */
export function isServed(route: TaskRoute, f: Filters): boolean {
  return (
    (!f.tasks || f.tasks.includes(route.name)) &&
    !(f.excludeTasks ?? []).includes(route.name) &&
    (!f.queues || f.queues.includes(route.queue)) &&
    !(f.excludeQueues ?? []).includes(route.queue)
  );
}

/** Consumed queues: `queues` less the excluded ones when given, else the queues of the served tasks. */
export function consumedQueues(served: readonly TaskRoute[], f: Filters): string[] {
  const excluded = f.excludeQueues ?? [];
  return unique(f.queues ? f.queues.filter((q) => !excluded.includes(q)) : served.map((r) => r.queue));
}

/** A routing table indexed by task and by queue, so selecting for many workers stays linear. */
export interface RouteIndex {
  routes: readonly TaskRoute[];
  byName: ReadonlyMap<string, TaskRoute>;
  byQueue: ReadonlyMap<string, readonly TaskRoute[]>;
  order: ReadonlyMap<TaskRoute, number>;
}

/** Index a routing table once; tb-gen selects for every worker against the same one. */
export function indexRoutes(routes: readonly TaskRoute[]): RouteIndex {
  const byQueue = new Map<string, TaskRoute[]>();
  for (const r of routes) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
  return { routes, byName: new Map(routes.map((r) => [r.name, r])), byQueue, order: new Map(routes.map((r, i) => [r, i])) };
}

/** Resolve a selection against the routing table (results in the table's order). */
export function select(routes: readonly TaskRoute[], f: Filters, index: RouteIndex = indexRoutes(routes)): Selection {
  const problems: SelectionProblem[] = [];
  for (const filter of FILTER_KEYS) {
    const [known, other] = namesQueues(filter) ? [index.byQueue, index.byName] : [index.byName, index.byQueue];
    (f[filter] ?? []).forEach((name, i) => {
      if (!known.has(name)) problems.push({ kind: 'unknown-name', filter, index: i, name, isOtherKind: other.has(name) });
    });
  }
  // Only the routes a filter can reach are looked at: the listed tasks, else the listed queues' tasks.
  const candidates = f.tasks
    ? f.tasks.flatMap((n) => index.byName.get(n) ?? [])
    : f.queues
      ? f.queues.flatMap((q) => index.byQueue.get(q) ?? [])
      : routes;
  const inOrder = (rs: TaskRoute[]) => [...new Set(rs)].sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
  const served = inOrder(candidates.filter((r) => isServed(r, f)));
  const servedSet = new Set(served);
  const queues = consumedQueues(served, f);
  const rejected = inOrder(queues.flatMap((q) => (index.byQueue.get(q) ?? []).filter((r) => !servedSet.has(r))));
  const filteredOut = (f.tasks ?? []).flatMap((n) => [index.byName.get(n) ?? []].flat().filter((r) => !servedSet.has(r)));
  if (problems.length === 0 && served.length === 0) problems.push({ kind: 'serves-nothing' });
  problems.push(...notConsumed(f, index));
  return { served, queues, rejected, filteredOut, problems };
}

// Listing a task and a set of queues that leaves its queue out is a contradiction (most often a
// catalogue that disagrees with the app's registry); excludeTasks/excludeQueues narrow on purpose.
function notConsumed(f: Filters, index: RouteIndex): SelectionProblem[] {
  const { tasks, queues } = f;
  if (!tasks || !queues) return [];
  return tasks.flatMap((name, i) => {
    const route = index.byName.get(name);
    const deliberate = (f.excludeTasks ?? []).includes(name) || (f.excludeQueues ?? []).includes(route?.queue ?? '');
    return route && !deliberate && !queues.includes(route.queue) ? [{ kind: 'not-consumed' as const, index: i, route }] : [];
  });
}

/** Where each filter came from, for messages ("--tasks", "profile 'x' tasks"). */
export type FilterSources = Partial<Record<FilterKey, string>>;

// Each filter's flag, from the flag table the worker parses (the filter keys are WorkerArgs keys).
const FLAG_OF = Object.fromEntries(FILTER_KEYS.map((k) => [k, `--${flagSpec(k).flag}`])) as Record<FilterKey, string>;

// The filter of the other kind that keeps the same sense: --tasks <-> --queues, --exclude-tasks <->
// --exclude-queues; for a profile's list, the profile's other key.
const COUNTERPART: Record<FilterKey, FilterKey> = {
  tasks: 'queues',
  queues: 'tasks',
  excludeTasks: 'excludeQueues',
  excludeQueues: 'excludeTasks',
};
function counterpartOf(filter: FilterKey, src: Record<FilterKey, string>): string {
  const other = COUNTERPART[filter];
  const fromProfile = /^(profile '[^']*') (tasks|queues)$/.exec(src[filter]);
  return fromProfile ? `${fromProfile[1]} ${other}` : FLAG_OF[other];
}

/** The worker's message for a problem, naming the flag (or profile) it came from. */
export function describeProblem(p: SelectionProblem, routes: readonly TaskRoute[], f: Filters, sources: FilterSources = {}): string {
  const src = { ...FLAG_OF, ...sources };
  if (p.kind === 'unknown-name') {
    const kind = namesQueues(p.filter) ? 'queue' : 'task';
    const otherKind = kind === 'task' ? 'queue' : 'task';
    const known = kind === 'task' ? routes.map((r) => r.name) : unique(routes.map((r) => r.queue)).sort();
    const hint = p.isOtherKind ? ` ('${p.name}' is a ${otherKind}; did you mean ${counterpartOf(p.filter, src)}?)` : '';
    return `unknown ${kind} '${p.name}' in ${src[p.filter]}${hint}; known ${kind}s: ${known.join(', ')}`;
  }
  if (p.kind === 'not-consumed') {
    const { name, queue } = p.route;
    return `task '${name}' in ${src.tasks} is registered on queue '${queue}', which ${src.queues} (${(f.queues ?? []).join(', ')}) does not name`;
  }
  const given = FILTER_KEYS.filter((k) => f[k]).map((k) => `${src[k]}=${(f[k] as string[]).join(',')}`);
  const table = routes.map((r) => `${r.name}->${r.queue}`).join(', ');
  return `this selection serves no task (${given.join(' ') || 'no filters'}); routing: ${table}`;
}

/** The worker's start-up warnings: listed tasks filtered out, refused tasks on consumed queues. */
export function selectionWarnings(sel: Selection, sources: FilterSources = {}): string[] {
  const tasksFrom = sources.tasks ?? FLAG_OF.tasks;
  return [
    ...sel.filteredOut.map((r) => `task '${r.name}' from ${tasksFrom} is not served: its queue '${r.queue}' is filtered out`),
    ...sel.rejected.map(
      (r) => `queue '${r.queue}' is consumed but task '${r.name}' routed to it is not served: its jobs will be failed here`,
    ),
  ];
}

const unique = (items: string[]): string[] => [...new Set(items)];
