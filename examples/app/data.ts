// Data tasks: record validation, the brief's `extract_data` (queue file_processing, as in its
// `@backend.register_task(queue="file_processing")`) and large_data_processing on ml_queue.

import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { registerTask, type TaskContext } from '../../src/worker/index.js';

type Rule = 'required' | 'string' | 'number' | 'email';

/** Check a record against per-field rules; every problem is reported. */
export function validateRecord({ record = {}, rules = {} }: { record?: Record<string, unknown>; rules?: Record<string, Rule[]> }) {
  const checks: Record<Rule, (v: unknown) => boolean> = {
    required: (v) => v !== undefined && v !== null && v !== '',
    string: (v) => v === undefined || typeof v === 'string',
    number: (v) => v === undefined || (typeof v === 'number' && Number.isFinite(v)),
    email: (v) => v === undefined || (typeof v === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)),
  };
  const errors = Object.entries(rules).flatMap(([field, list]) =>
    list.filter((rule) => !checks[rule](record[field])).map((rule) => `${field}: fails ${rule}`),
  );
  return { valid: errors.length === 0, errors };
}

/** Parse simple CSV (header row, comma-separated, no quoting) into records. */
export function extractCsv({ csv = '' }: { csv?: string }) {
  const [header = '', ...rows] = csv.split('\n').filter((l) => l.trim() !== '');
  const columns = header
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const records = rows.map((row) => {
    const cells = row.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, (cells[i] ?? '').trim()]));
  });
  return { columns, records };
}

/** Mean, variance, min and max of a deterministic series, in chunks that yield and honour abort. */
export async function summarizeSeries(
  { n = 100_000, seed = 1, chunk = 10_000 }: { n?: number; seed?: number; chunk?: number },
  ctx?: Pick<TaskContext, 'signal'>,
) {
  let x = seed >>> 0 || 1;
  let count = 0,
    mean = 0,
    m2 = 0,
    min = Infinity,
    max = -Infinity;
  while (count < n) {
    ctx?.signal.throwIfAborted();
    for (const end = Math.min(n, count + chunk); count < end;) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0; // xorshift32
      const v = x / 0x1_0000_0000;
      count++;
      const d = v - mean;
      mean += d / count;
      m2 += d * (v - mean);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    await yieldToLoop();
  }
  return { count, mean, variance: count > 1 ? m2 / (count - 1) : 0, min: count ? min : null, max: count ? max : null };
}

registerTask({ name: 'data_validation', handler: validateRecord });
registerTask({ name: 'extract_data', queue: 'file_processing', handler: extractCsv });
registerTask({ name: 'large_data_processing', queue: 'ml_queue', handler: summarizeSeries });
