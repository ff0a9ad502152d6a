// The brief's queue-routing examples: `@backend.register_task(queue="high_priority")` and
// `queue="batch_processing"`.

import { registerTask } from '../../src/worker/index.js';

/** Acknowledge an urgent message with the time it was handled. */
export function handleUrgent({ message = 'urgent' }: { message?: string }) {
  return { message, handledAt: new Date().toISOString() };
}

/** Sum a batch of numbers; non-numbers are counted as rejected, not silently dropped. */
export function processBatch({ items = [1, 2, 3] }: { items?: unknown[] }) {
  const numbers = items.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return { count: numbers.length, rejected: items.length - numbers.length, sum: numbers.reduce((s, n) => s + n, 0) };
}

registerTask({ name: 'urgent_task', queue: 'high_priority', handler: handleUrgent });
registerTask({ name: 'batch_task', queue: 'batch_processing', handler: processBatch });
