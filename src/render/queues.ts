// The queues a worker consumes, as its runtime picks them: task-backend-worker from its args,
// Celery from `-Q`. One function for the container and the ScaledObject.
import { indexRoutes, select, type RouteIndex, type TaskRoute } from '../contract/selection.js';
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { filtersOf } from '../plan/routing.js';

/** The queues a worker consumes, in the routing table's order. */
export function consumedQueues(plan: Plan, w: ResolvedWorker): string[] {
  let index = indexes.get(plan.routes);
  if (!index) indexes.set(plan.routes, (index = indexRoutes(plan.routes)));
  return select(plan.routes, filtersOf(w.spec), index).queues;
}
// One index per plan's routing table, however many workers read it.
const indexes = new WeakMap<readonly TaskRoute[], RouteIndex>();
