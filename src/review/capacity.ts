// Resource arithmetic for review: a worker's requests and limits times its replica count, totals
// across workers, and quantities printed the way people write them (250m, 2.5, 512Mi, 1.5Gi).
import { bytes, cpuMillis, type WorkerSummary } from './summary.js';

/** CPU in millicores and memory in bytes; `unset` counts the workers that set none (a limit then has no bound). */
export interface Amount {
  cpuMillis: number;
  memoryBytes: number;
  cpuUnset: number;
  memoryUnset: number;
}

/** Requests and limits at the minimum and at the maximum replica count, and job slots at each. */
export interface Capacity {
  minReplicas: number;
  maxReplicas: number;
  slotsAtMin: number;
  slotsAtMax: number;
  requests: { atMin: Amount; atMax: Amount };
  limits: { atMin: Amount; atMax: Amount };
}

const amount = (cpu: string | null, memory: string | null, n: number): Amount => ({
  cpuMillis: (cpuMillis(cpu) ?? 0) * n,
  memoryBytes: (bytes(memory) ?? 0) * n,
  cpuUnset: cpu === null ? 1 : 0,
  memoryUnset: memory === null ? 1 : 0,
});

/** One worker's capacity. */
export function capacityOf(s: WorkerSummary): Capacity {
  return {
    minReplicas: s.minReplicas,
    maxReplicas: s.maxReplicas,
    slotsAtMin: s.concurrency * s.minReplicas,
    slotsAtMax: s.concurrency * s.maxReplicas,
    requests: {
      atMin: amount(s.requests.cpu, s.requests.memory, s.minReplicas),
      atMax: amount(s.requests.cpu, s.requests.memory, s.maxReplicas),
    },
    limits: { atMin: amount(s.limits.cpu, s.limits.memory, s.minReplicas), atMax: amount(s.limits.cpu, s.limits.memory, s.maxReplicas) },
  };
}

const add = (a: Amount, b: Amount): Amount => ({
  cpuMillis: a.cpuMillis + b.cpuMillis,
  memoryBytes: a.memoryBytes + b.memoryBytes,
  cpuUnset: a.cpuUnset + b.cpuUnset,
  memoryUnset: a.memoryUnset + b.memoryUnset,
});
const ZERO: Amount = { cpuMillis: 0, memoryBytes: 0, cpuUnset: 0, memoryUnset: 0 };

/** The sum over workers. */
export function total(list: readonly Capacity[]): Capacity {
  return list.reduce<Capacity>(
    (t, c) => ({
      minReplicas: t.minReplicas + c.minReplicas,
      maxReplicas: t.maxReplicas + c.maxReplicas,
      slotsAtMin: t.slotsAtMin + c.slotsAtMin,
      slotsAtMax: t.slotsAtMax + c.slotsAtMax,
      requests: { atMin: add(t.requests.atMin, c.requests.atMin), atMax: add(t.requests.atMax, c.requests.atMax) },
      limits: { atMin: add(t.limits.atMin, c.limits.atMin), atMax: add(t.limits.atMax, c.limits.atMax) },
    }),
    {
      minReplicas: 0,
      maxReplicas: 0,
      slotsAtMin: 0,
      slotsAtMax: 0,
      requests: { atMin: ZERO, atMax: ZERO },
      limits: { atMin: ZERO, atMax: ZERO },
    },
  );
}

/** Millicores as people write CPU: 250m below a core, else cores (2, 2.5). */
export function formatCpu(m: number): string {
  if (m === 0) return '0';
  if (Math.abs(m) < 1000) return `${m}m`;
  return `${trim(m / 1000)}`;
}

/** Bytes in the largest binary unit that keeps the number readable (512Mi, 1.5Gi). */
export function formatMemory(b: number): string {
  if (b === 0) return '0';
  for (const [unit, size] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (Math.abs(b) >= size) return `${trim(b / size)}${unit}`;
  }
  return String(b);
}

/** A signed difference, or '' when there is none. */
export const delta = (before: number, after: number, fmt: (n: number) => string): string =>
  after === before ? '' : `${after > before ? '+' : '-'}${fmt(Math.abs(after - before))}`;

const trim = (n: number) => String(Math.round(n * 100) / 100);
