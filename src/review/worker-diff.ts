// A worker's summary before and after, as a list of readable changes (one per field a reviewer
// asks about); `null` on a side means the worker does not run there.
import { envDiffers, type WorkerSummary } from './summary.js';

export interface SummaryChange {
  field: string;
  before: string | null;
  after: string | null;
}

const range = (s: WorkerSummary) => (s.minReplicas === s.maxReplicas ? String(s.minReplicas) : `${s.minReplicas}-${s.maxReplicas}`);
const show = (v: unknown) => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

/** The fields a reviewer reads, in this order; each as text. */
const FIELDS: Array<[string, (s: WorkerSummary) => string | null]> = [
  ['mode', (s) => s.mode],
  ['replicas', range],
  ['concurrency', (s) => String(s.concurrency)],
  ['job slots at max', (s) => String(s.concurrency * s.maxReplicas)],
  ['requests.cpu', (s) => s.requests.cpu],
  ['requests.memory', (s) => s.requests.memory],
  ['limits.cpu', (s) => s.limits.cpu],
  ['limits.memory', (s) => s.limits.memory],
  ['image', (s) => s.image],
  ['tasks', (s) => s.tasks.join(', ')],
  ['queues', (s) => s.queues.join(', ')],
];

/** Every field that differs; a worker on one side only lists what it runs against null. */
export function summaryChanges(before: WorkerSummary | null, after: WorkerSummary | null): SummaryChange[] {
  const out: SummaryChange[] = [];
  for (const [field, get] of FIELDS) push(out, field, before && get(before), after && get(after));
  // A worker that starts or stops: what it runs is enough; its args and env read as one list.
  if (!before || !after) return out;
  const keyed = (field: string, of: (s: WorkerSummary) => Record<string, unknown>) => {
    const [b, a] = [of(before), of(after)];
    for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      const [x, y] = [show(b[k]), show(a[k])];
      if (field === 'env' && x === y && x !== null && envDiffers(before, after, k))
        out.push({ field: `${field}.${k}`, before: x, after: `${y} (a masked password changed)` });
      else push(out, `${field}.${k}`, x, y);
    }
  };
  args(out, before?.args ?? [], after?.args ?? []);
  keyed('env', (s) => s.env);
  keyed('placement', (s) => s.placement);
  return out;
}

// Only the args that differ: the rest (--backend, --health-port, ...) would bury the change.
function args(out: SummaryChange[], b: string[], a: string[]): void {
  const gone = b.filter((x) => !a.includes(x));
  const came = a.filter((x) => !b.includes(x));
  if (gone.length || came.length) out.push({ field: 'args', before: gone.join(' ') || null, after: came.join(' ') || null });
}

function push(out: SummaryChange[], field: string, before: string | null, after: string | null): void {
  if (before !== after) out.push({ field, before, after });
}
