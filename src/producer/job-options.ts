// The BullMQ job options a producer checks before it touches Redis: BullMQ itself checks jobId and
// priority only once connected (Job.validateOptions), and not delay or attempts at all, so a typo
// would surface as a Redis failure, or as a job that never runs as meant. The rules are BullMQ's.

import { PRIORITY_LIMIT } from 'bullmq';

const whole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const shown = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Every problem with the options' jobId, priority, delay and attempts, as `field: what is wrong`. */
export function jobOptionsProblems(opts: object): string[] {
  const problems: string[] = [];
  const { jobId, priority, delay, attempts } = opts as Readonly<Record<string, unknown>>;
  if (jobId !== undefined) {
    if (typeof jobId !== 'string' || jobId === '')
      problems.push(`jobId: expected a non-empty string such as "order-42", got ${shown(jobId)}`);
    else if (`${parseInt(jobId, 10)}` === jobId) {
      problems.push(
        `jobId: "${jobId}" is an integer, which BullMQ keeps for the ids it numbers itself: use a name such as "order-${jobId}"`,
      );
    } else if (jobId.includes(':') && jobId.split(':').length !== 3) {
      problems.push(`jobId: "${jobId}" contains ':', which BullMQ refuses in a custom id: use another separator such as '-'`);
    }
  }
  if (priority !== undefined && !(whole(priority) && priority >= 0 && priority <= PRIORITY_LIMIT)) {
    problems.push(`priority: expected a whole number from 0 (no priority) to ${PRIORITY_LIMIT} (lowest), got ${shown(priority)}`);
  }
  if (delay !== undefined && !(whole(delay) && delay >= 0)) {
    problems.push(`delay: expected a whole number of milliseconds, 0 or more, got ${shown(delay)}`);
  }
  if (attempts !== undefined && !(whole(attempts) && attempts >= 1)) {
    problems.push(`attempts: expected a whole number from 1 (no retry) up, got ${shown(attempts)}`);
  }
  return problems;
}
