// What KEDA reads in Redis for a worker: BullMQ's keys for each consumed queue, and the trigger
// names the scalingModifiers formula sums. A key named wrong reads as 0 and autoscaling never fires,
// so these are proven against a real Redis filled by a plain BullMQ Queue (test/worker/keda-keys).

/** One backlog key of a queue: BullMQ's key suffix and whether it counts toward the target. */
export interface BacklogKey {
  /** BullMQ's key suffix: `<prefix>:<queue>:<suffix>`. */
  suffix: 'wait' | 'prioritized' | 'active' | 'delayed';
  /** wait (list) and prioritized (zset) are waiting jobs; active (list) keeps a busy worker up. */
  counts: 'backlog' | 'wake';
}

/** The keys summed into the backlog, per consumed queue; `delayed` only with wakeForDelayed. */
export const BACKLOG_KEYS: readonly BacklogKey[] = [
  { suffix: 'wait', counts: 'backlog' },
  { suffix: 'prioritized', counts: 'backlog' },
  { suffix: 'active', counts: 'backlog' },
  { suffix: 'delayed', counts: 'wake' },
];

/** BullMQ's Redis key for one of a queue's job sets: `<prefix>:<queue>:<suffix>`. */
export const BULL_KEY = '%s:%s:%s';
export const bullKey = (prefix: string, queue: string, suffix: string): string =>
  [prefix, queue, suffix].reduce((k, part) => k.replace('%s', part), BULL_KEY);

/** A trigger's name: an expr identifier (the formula refers to it), unique per queue index. */
export const TRIGGER_NAME = '%s_%d';
export const triggerName = (suffix: string, queueIndex: number): string =>
  TRIGGER_NAME.replace('%s', suffix).replace('%d', String(queueIndex));

/** How the formula is spelled (expr-lang, which KEDA evaluates): terms joined, and the wake term. */
export const FORMULA = { join: ' + ', wake: '%s + min(%s, 1)' } as const;

/** The formula over the trigger names: every backlog key, plus at most 1 while delayed jobs wait. */
export function backlogFormula(queues: number, wakeForDelayed: boolean): string {
  const idx = [...Array(queues).keys()];
  const sum = BACKLOG_KEYS.filter((k) => k.counts === 'backlog').flatMap((k) => idx.map((i) => triggerName(k.suffix, i)));
  if (!wakeForDelayed) return sum.join(FORMULA.join);
  const delayed = idx.map((i) => triggerName('delayed', i)).join(FORMULA.join);
  return FORMULA.wake.replace('%s', sum.join(FORMULA.join)).replace('%s', delayed);
}

/** BullMQ in Redis Cluster needs every key of a queue in one slot: a prefix with a {hash tag}. */
export const HASH_TAG = /\{[^{}]+\}/;
