// Fuzzing task-backend-worker against real Redis (issue 18): generated handler behaviours (return
// or throw null, undefined, strings, BigInt, circular objects, Errors with hostile getters ...),
// generated job data and job names a producer might send. Property: every job ends completed,
// failed, or back in its queue (waiting or delayed for a retry); none stays active; the worker lives.
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPrefix, REDIS_URL, requireBuild, ROOT, startWorker, uniquePrefix, waitUntil } from '../helpers/worker.js';
import { nastyString, params, TIMEOUT } from './arbitraries.js';

const APP = resolve(ROOT, 'test/worker/fixtures/fuzz-app.mjs');
const KINDS = ['value', 'null', 'undefined', 'error', 'bigint', 'circular', 'symbol', 'function', 'bad-getter'] as const;
const job = fc.record({
  name: fc.oneof(fc.constant('fuzz'), fc.constant('fuzz'), nastyString, fc.constantFrom('__proto__', 'constructor')),
  data: fc.record({
    how: fc.constantFrom('return', 'throw', 'reject'),
    kind: fc.constantFrom(...KINDS),
    value: fc.jsonValue({ maxDepth: 3 }),
    ms: fc.constantFrom(0, 0, 5),
  }),
  attempts: fc.constantFrom(1, 2),
});
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await cleanPrefix(p);
});

describe('fuzz: hostile handlers and jobs', () => {
  it(
    'every job ends completed, failed or back in its queue; none stays active',
    async () => {
      requireBuild();
      const prefix = uniquePrefix('fuzz');
      prefixes.push(prefix);
      const w = startWorker([`--app=${APP}`, '--queues=fuzz', '--health-port=0', '--concurrency=4'], {
        TASK_BACKEND_BROKER_URL: REDIS_URL,
        TASK_BACKEND_PREFIX: prefix,
      });
      const q = new Queue('fuzz', { connection: { url: REDIS_URL }, prefix });
      try {
        await w.waitForLog((l) => l.event === 'starting', 'starting');
        await fc.assert(
          fc.asyncProperty(fc.array(job, { minLength: 1, maxLength: 8 }), async (jobs) => {
            const added = await Promise.all(jobs.map((j) => q.add(j.name, j.data, { attempts: j.attempts })));
            const settled = new Set(['completed', 'failed']);
            for (const a of added) {
              const state = await waitUntil(
                async () => {
                  const s = await q.getJobState(a.id as string);
                  return settled.has(s) ? s : false;
                },
                `job ${a.id} (${a.name} ${JSON.stringify(a.data)}) to settle; worker stderr: ${w.stderr()}`,
              );
              expect(['completed', 'failed']).toContain(state);
            }
            expect(w.proc.exitCode).toBeNull();
          }),
          params(15),
        );
        expect(w.logs.filter((l) => l.event === 'fatal')).toEqual([]);
      } finally {
        await q.close();
        w.kill('SIGKILL');
      }
    },
    Math.max(TIMEOUT, 120_000),
  );
});
