// What a reviewer asks of one worker: how it scales, its pool and tasks from the resolved plan;
// image, args, env, resources and placement from its rendered Deployment, as they would ship.
import type { Plan, ResolvedWorker } from '../plan/model.js';
import { parseQuantity } from '../plan/quantity.js';
import { redact, redactEnvValue } from '../contract/redact.js';
import { filtersOf, routesOf } from '../plan/routing.js';
import { CONTAINER } from '../contract/defaults.js';
import { WORKER_LABEL } from '../contract/labels.js';
import { select, type TaskRoute } from '../contract/selection.js';
import type { Rendered } from '../render/index.js';

type Obj = Record<string, unknown>;

/** The value at a path of plain data, or undefined. */
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Obj)[k] : undefined), o);
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Per-pod requests or limits as written, and their values in millicores and bytes (null: not set). */
export interface CpuMem {
  cpu: string | null;
  memory: string | null;
}

/** One enabled worker, as the objects say it runs. */
export interface WorkerSummary {
  name: string;
  objectName: string;
  /** `fixed` (Deployment replicas), `hpa`, `keda`, or the lower-cased kind of another scaler. */
  mode: string;
  minReplicas: number;
  maxReplicas: number;
  concurrency: number;
  requests: CpuMem;
  limits: CpuMem;
  image: string;
  args: string[];
  /** Env name -> its value, or where it comes from (`secret redis/url`): a Secret's value is never read. */
  env: Record<string, string>;
  /** nodeSelector, affinity, tolerations, topologySpreadConstraints, priorityClassName, when set. */
  placement: Record<string, unknown>;
  tasks: string[];
  queues: string[];
}

const PLACEMENT = ['nodeSelector', 'affinity', 'tolerations', 'topologySpreadConstraints', 'priorityClassName'] as const;

/**
 * Every enabled worker's summary, by name. `known` adds tasks the plan does not name (the other
 * side's, in a diff), so a worker that serves everything not excluded is seen serving them too.
 */
export function summarize(plan: Plan, objects: readonly Rendered[], known: readonly TaskRoute[] = []): Map<string, WorkerSummary> {
  const all = objects.map((r) => r.object as Obj);
  const own = routesOf(plan.values, plan.workers);
  const ownNames = new Set(own.map((r) => r.name));
  const routes = [...own, ...known.filter((k) => !ownNames.has(k.name))];
  const byName = new Map(plan.workers.map((w) => [w.name, w]));
  const out = new Map<string, WorkerSummary>();
  for (const dep of all.filter((o) => o.kind === 'Deployment')) {
    const name = text(at(dep, 'metadata', 'labels', WORKER_LABEL) ?? at(dep, 'metadata', 'name'));
    const w = byName.get(name);
    if (!w) continue;
    const sel = select(routes, filtersOf(w.spec));
    out.set(
      name,
      summary(
        dep,
        w,
        sel.served.map((r) => r.name),
        sel.queues,
      ),
    );
  }
  return out;
}

// Literal env values before masking, kept off the summary (which is printed, JSON included), so a
// changed password still shows as a change.
const literal = new WeakMap<WorkerSummary, Record<string, string>>();

/** Does env `name` differ between two summaries, masked parts included? */
export const envDiffers = (a: WorkerSummary, b: WorkerSummary, name: string): boolean =>
  (literal.get(a)?.[name] ?? a.env[name]) !== (literal.get(b)?.[name] ?? b.env[name]);

function summary(dep: Obj, w: ResolvedWorker, tasks: string[], queues: string[]): WorkerSummary {
  const pod = (at(dep, 'spec', 'template', 'spec') ?? {}) as Obj;
  // The worker's own container by its name: a sidecar listed first must not stand in for it.
  const containers = (pod.containers as Obj[] | undefined) ?? [];
  const c = containers.find((x) => x.name === CONTAINER.name) ?? containers[0] ?? {};
  const args = (c.args as string[] | undefined) ?? [];
  const env = (c.env as Obj[] | undefined) ?? [];
  const out: WorkerSummary = {
    name: w.name,
    objectName: w.objectName,
    ...scaling(w),
    concurrency: w.settings.pool,
    requests: cpuMem(at(c, 'resources', 'requests')),
    limits: cpuMem(at(c, 'resources', 'limits')),
    image: text(c.image ?? ''),
    args: args.map(redact),
    env: Object.fromEntries(env.map((e) => [text(e.name), envValue(e)])),
    placement: Object.fromEntries(PLACEMENT.filter((k) => pod[k] !== undefined).map((k) => [k, pod[k]])),
    tasks,
    queues,
  };
  literal.set(out, Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [text(e.name), text(e.value)])));
  return out;
}

// The scaler's bounds as the plan resolved them, else the fixed replica count.
function scaling(w: ResolvedWorker): { mode: string; minReplicas: number; maxReplicas: number } {
  const a = w.settings.autoscaling;
  if (!a) return { mode: 'fixed', minReplicas: w.settings.replicas, maxReplicas: w.settings.replicas };
  return { mode: a.mode, minReplicas: a.minReplicas, maxReplicas: a.maxReplicas ?? a.minReplicas };
}
const cpuMem = (r: unknown): CpuMem => {
  const [cpu, memory] = [at(r, 'cpu'), at(r, 'memory')];
  return { cpu: cpu === undefined ? null : text(cpu), memory: memory === undefined ? null : text(memory) };
};

// A value as printed in a review: literal values (credentials in URLs masked), references by name only.
function envValue(e: Obj): string {
  if (e.value !== undefined) return redactEnvValue(text(e.name), text(e.value));
  const ref = (k: string) => `${text(at(e, 'valueFrom', k, 'name'))}/${text(at(e, 'valueFrom', k, 'key'))}`;
  if (at(e, 'valueFrom', 'secretKeyRef')) return `secret ${ref('secretKeyRef')}`;
  if (at(e, 'valueFrom', 'configMapKeyRef')) return `configmap ${ref('configMapKeyRef')}`;
  if (at(e, 'valueFrom', 'fieldRef')) return `field ${text(at(e, 'valueFrom', 'fieldRef', 'fieldPath'))}`;
  return text(e.valueFrom ?? null);
}

/** A URL's password masked (`redis://:***@host`): the brief's dev fallback puts one in a plain env value. */
export { redact };

/** Millicores and bytes of a quantity; null when unset. */
export const cpuMillis = (q: string | null): number | null => (q === null ? null : Math.round((parseQuantity(q) ?? 0) * 1000));
export const bytes = (q: string | null): number | null => (q === null ? null : Math.round(parseQuantity(q) ?? 0));
