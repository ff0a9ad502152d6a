// Which tasks a worker serves and which queues it consumes: a pure function of the routing table
// and the four filters. tb-gen's static routing check (src/config/routing.ts) calls isServed too.

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

/** Where each filter came from, for messages ("--tasks", "profile 'x' tasks"). */
export type FilterSources = Partial<Record<keyof Filters, string>>;

/** The outcome: what runs, or every reason it cannot. Warnings never stop the worker. */
export interface Selection {
  served: TaskRoute[];
  queues: string[];
  /** Tasks routed to a consumed queue that this worker will refuse (their jobs fail, named). */
  rejected: TaskRoute[];
  warnings: string[];
  errors: string[];
}

const DEFAULT_SOURCES: Required<FilterSources> = {
  tasks: '--tasks',
  excludeTasks: '--exclude-tasks',
  queues: '--queues',
  excludeQueues: '--exclude-queues',
};

/** served(T) = (no tasks or T in tasks) and T not excluded and (no queues or q(T) in queues) and q(T) not excluded. */
export function isServed(route: TaskRoute, f: Filters): boolean {
  return (
    (!f.tasks || f.tasks.includes(route.name)) &&
    !(f.excludeTasks ?? []).includes(route.name) &&
    (!f.queues || f.queues.includes(route.queue)) &&
    !(f.excludeQueues ?? []).includes(route.queue)
  );
}

/** Resolve a selection against the routing table; unknown names and empty selections are errors. */
export function select(routes: readonly TaskRoute[], f: Filters, sources: FilterSources = {}): Selection {
  const src = { ...DEFAULT_SOURCES, ...sources };
  const taskNames = routes.map((r) => r.name);
  const queueNames = [...new Set(routes.map((r) => r.queue))].sort();
  const errors = [
    ...unknownNames(f.tasks, taskNames, queueNames, src.tasks, 'task'),
    ...unknownNames(f.excludeTasks, taskNames, queueNames, src.excludeTasks, 'task'),
    ...unknownNames(f.queues, queueNames, taskNames, src.queues, 'queue'),
    ...unknownNames(f.excludeQueues, queueNames, taskNames, src.excludeQueues, 'queue'),
  ];
  const served = routes.filter((r) => isServed(r, f));
  const queues = f.queues
    ? unique(f.queues.filter((q) => !(f.excludeQueues ?? []).includes(q)))
    : unique(served.map((r) => r.queue));
  const rejected = routes.filter((r) => queues.includes(r.queue) && !served.includes(r));
  if (errors.length === 0 && served.length === 0) errors.push(nothingServed(routes, f, src));
  return { served, queues, rejected, warnings: warnings(routes, f, served, rejected, src), errors };
}

function unknownNames(
  given: string[] | undefined,
  known: string[],
  other: string[],
  source: string,
  kind: 'task' | 'queue',
): string[] {
  const otherKind = kind === 'task' ? 'queue' : 'task';
  return (given ?? [])
    .filter((name) => !known.includes(name))
    .map((name) => {
      const hint = other.includes(name) ? ` ('${name}' is a ${otherKind}; did you mean --${otherKind}s?)` : '';
      return `unknown ${kind} '${name}' in ${source}${hint}; known ${kind}s: ${known.join(', ')}`;
    });
}

function nothingServed(routes: readonly TaskRoute[], f: Filters, src: Required<FilterSources>): string {
  const given = (Object.keys(src) as (keyof Filters)[])
    .filter((k) => f[k])
    .map((k) => `${src[k]}=${(f[k] as string[]).join(',')}`);
  const table = routes.map((r) => `${r.name}->${r.queue}`).join(', ');
  return `this selection serves no task (${given.join(' ') || 'no filters'}); routing: ${table}`;
}

function warnings(
  routes: readonly TaskRoute[],
  f: Filters,
  served: TaskRoute[],
  rejected: TaskRoute[],
  src: Required<FilterSources>,
): string[] {
  const out: string[] = [];
  for (const name of f.tasks ?? []) {
    const route = routes.find((r) => r.name === name);
    if (route && !served.includes(route)) {
      out.push(`task '${name}' from ${src.tasks} is not served: its queue '${route.queue}' is filtered out`);
    }
  }
  for (const r of rejected) {
    out.push(`queue '${r.queue}' is consumed but task '${r.name}' routed to it is not served: its jobs will be failed here`);
  }
  return out;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
