// The job options a producer checks before it connects (jobId, priority, delay, attempts), against
// BullMQ's own rules: the library rejects, task-backend-enqueue exits 2 naming the field and its range,
// and what the check accepts a plain BullMQ Queue accepts too (and refuses what it refuses).
import { describe, expect, it } from 'vitest';
import { jobOptionsProblems } from '../../src/producer/job-options.js';
import { createProducer } from '../../src/producer/producer.js';
import { freePort, REDIS_URL, runEnqueue, workerRig } from '../helpers/worker.js';

const { prefix, queue } = workerRig().setup('jobopts');

// [options, the problems expected (empty: accepted)]
const table: Array<[object, string[]]> = [
  [{}, []],
  [{ jobId: 'order-42', priority: 1, delay: 0, attempts: 3 }, []],
  [{ jobId: '042' }, []], // not the decimal form of an integer
  [{ jobId: '4.2' }, []],
  [{ jobId: 'a:b:c' }, []], // BullMQ's own repeat-job form
  [{ priority: 0 }, []],
  [{ priority: 2097151 }, []],
  [{ delay: 86_400_000 }, []],
  [{ attempts: 1 }, []],
  [{ jobId: '42' }, ['jobId: "42" is an integer, which BullMQ keeps for the ids it numbers itself: use a name such as "order-42"']],
  [{ jobId: '-1' }, ['jobId: "-1" is an integer, which BullMQ keeps for the ids it numbers itself: use a name such as "order--1"']],
  [{ jobId: 42 }, ['jobId: expected a non-empty string such as "order-42", got 42']],
  [{ jobId: '' }, ['jobId: expected a non-empty string such as "order-42", got ""']],
  [{ jobId: 'a:b' }, ["jobId: \"a:b\" contains ':', which BullMQ refuses in a custom id: use another separator such as '-'"]],
  [{ priority: 2097152 }, ['priority: expected a whole number from 0 (no priority) to 2097151 (lowest), got 2097152']],
  [{ priority: -1 }, ['priority: expected a whole number from 0 (no priority) to 2097151 (lowest), got -1']],
  [{ priority: 1.5 }, ['priority: expected a whole number from 0 (no priority) to 2097151 (lowest), got 1.5']],
  [{ priority: '1' }, ['priority: expected a whole number from 0 (no priority) to 2097151 (lowest), got "1"']],
  [{ delay: -5 }, ['delay: expected a whole number of milliseconds, 0 or more, got -5']],
  [{ delay: '5s' }, ['delay: expected a whole number of milliseconds, 0 or more, got "5s"']],
  [{ attempts: 0 }, ['attempts: expected a whole number from 1 (no retry) up, got 0']],
  [{ attempts: 2.5 }, ['attempts: expected a whole number from 1 (no retry) up, got 2.5']],
  [
    { jobId: '7', priority: 3e6 },
    [
      'jobId: "7" is an integer, which BullMQ keeps for the ids it numbers itself: use a name such as "order-7"',
      'priority: expected a whole number from 0 (no priority) to 2097151 (lowest), got 3000000',
    ],
  ],
];

describe('job options', () => {
  it.each(table)('%j: %j', (opts, problems) => {
    expect(jobOptionsProblems(opts)).toEqual(problems);
  });

  // BullMQ itself checks jobId and priority (once connected) and agrees on each such row, except two
  // it lets through: an empty jobId (it then numbers the job itself, so the id meant to make a
  // retry harmless is silently lost) and a negative priority (outside its documented 0..2097151).
  const laxer = new Set(['{"jobId":""}', '{"priority":-1}']);
  const bullmqChecked = table.filter(([o]) => Object.keys(o).length > 0 && Object.keys(o).every((k) => k === 'jobId' || k === 'priority'));
  it.each(bullmqChecked)('a plain BullMQ Queue agrees on %j', async (opts, problems) => {
    const q = queue('agree');
    try {
      const refused = await q.add('t', {}, opts).then(
        () => false,
        () => true,
      );
      expect(refused).toBe(problems.length > 0 && !laxer.has(JSON.stringify(opts)));
    } finally {
      await q.close();
    }
  });

  it('the library rejects bad options before it connects, naming each field', async () => {
    const producer = createProducer({ catalogue: { t: 'q' }, connection: `redis://127.0.0.1:${await freePort()}`, log: false });
    const error = await producer.enqueue('t', {}, { priority: -1, attempts: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError); // not a timeout: nothing connected
    expect((error as Error).message).toBe(
      "enqueue 't': opts.priority: expected a whole number from 0 (no priority) to 2097151 (lowest), got -1; " +
        'opts.attempts: expected a whole number from 1 (no retry) up, got 0',
    );
    await producer.close();
  });
});

describe('task-backend-enqueue --opts', () => {
  const run = (opts: string) =>
    runEnqueue(['extract_data', '--catalogue', 'examples/app/tasks.yaml', '--opts', opts], {
      TASK_BACKEND_BROKER_URL: REDIS_URL,
      TASK_BACKEND_PREFIX: prefix,
    });
  const cases: Array<[string, string]> = [
    ['{"jobId":"42"}', 'task-backend-enqueue: error: --opts jobId: "42" is an integer'],
    [
      '{"priority":2097152}',
      'task-backend-enqueue: error: --opts priority: expected a whole number from 0 (no priority) to 2097151 (lowest), got 2097152',
    ],
    ['{"delay":-1}', 'task-backend-enqueue: error: --opts delay: expected a whole number of milliseconds, 0 or more, got -1'],
    [
      '{"attempts":0,"jobId":5}',
      'task-backend-enqueue: error: --opts jobId: expected a non-empty string such as "order-42", got 5\ntask-backend-enqueue: error: --opts attempts:',
    ],
  ];
  it('an option only BullMQ checks (backoff jitter) is a usage error too, with its message', async () => {
    const r = await run('{"backoff":{"type":"fixed","delay":10,"jitter":2}}');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/task-backend-enqueue: error: --opts: Jitter should be between 0 and 1 \(BullMQ's check\)\n/);
  });

  it.each(cases)('%s is a usage error: exit 2, the field and its range, nothing enqueued', async (opts, message) => {
    const r = await run(opts);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/Run 'task-backend-enqueue --help' for usage.\n$/);
    expect(r.stderr).not.toMatch(/producer_started|\n\s+at /); // refused before connecting
  });
});
