// kombu's key layout in Redis, which the celery backend's worker and producer use and KEDA reads
// for a worker on a Celery broker (one place, so the keys scaled on are the keys served). A queue `X` is the list
// `X` plus one list per priority step (`X\x06\x163`, `X\x06\x166`, `X\x06\x169`: kombu's separator
// \x06\x16 and the default steps); KEDA's redis scaler reads one key per trigger and the HPA takes
// the maximum of separate triggers, so the ScaledObject sums them in scalingModifiers. In-flight
// tasks (acks_late) sit in the hash `unacked`, one per Redis database, counted only on request.

/** kombu's priority separator and steps (Redis transport, `priority_steps` default [0, 3, 6, 9]). */
export const CELERY_PRIORITY_SEP = '\x06\x16';
export const CELERY_PRIORITY_STEPS = [3, 6, 9] as const;
/** The list a message of priority `p` goes to (kombu's _q_for_pri): `X` below the first step, else `X\x06\x16<step>`. */
export function kombuList(queue: string, p: number): string {
  let step = 0;
  for (const s of CELERY_PRIORITY_STEPS) if (p >= s) step = s;
  return step ? `${queue}${CELERY_PRIORITY_SEP}${step}` : queue;
}

/** kombu's binding of a queue on the default (direct) exchange of its own name: [set key, member]. */
export const kombuBinding = (queue: string): [string, string] => [
  `_kombu.binding.${queue}`,
  `${queue}${CELERY_PRIORITY_SEP}${CELERY_PRIORITY_SEP}${queue}`,
];

/** kombu's hash of delivered, unacknowledged messages: one per Redis database, for every queue. */
export const CELERY_UNACKED_KEY = 'unacked';

/** The trigger name of each key of queue index i: an expr identifier the formula refers to. */
export const CELERY_TRIGGER = { queue: 'queue_%d', priority: 'p%d_%d', unacked: 'unacked' } as const;

/** One trigger of a Celery queue set: its name and the Redis key it reads. */
export interface CeleryKey {
  name: string;
  key: string;
}

/** Every key KEDA sums for these queues, queue by queue, then `unacked` when asked for. */
export function celeryKeys(queues: readonly string[], countUnacked: boolean): CeleryKey[] {
  const out = queues.flatMap((q, i) => [
    { name: CELERY_TRIGGER.queue.replace('%d', String(i)), key: q },
    ...CELERY_PRIORITY_STEPS.map((p) => ({
      name: CELERY_TRIGGER.priority.replace('%d', String(p)).replace('%d', String(i)),
      key: kombuList(q, p),
    })),
  ]);
  return countUnacked ? [...out, { name: CELERY_TRIGGER.unacked, key: CELERY_UNACKED_KEY }] : out;
}
