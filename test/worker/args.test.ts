// The flag contract between tb-gen (formatArgs) and the worker (parseArgs): a property test that
// every representable args object survives the round trip, plus a table of rejected inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKENDS, FLAGS, formatArgs, parseArgs, type WorkerArgs } from '../../src/contract/args.js';

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/);
const names = fc.array(name, { minLength: 1, maxLength: 5 });
const text = fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' });

const argsArb: fc.Arbitrary<WorkerArgs> = fc.record(
  {
    backend: fc.constantFrom(...BACKENDS),
    app: text,
    tasks: names,
    excludeTasks: names,
    queues: names,
    excludeQueues: names,
    concurrency: fc.integer({ min: 1, max: 10000 }),
    profile: text,
    profilesFile: text,
    shutdownTimeout: fc.integer({ min: 0, max: 86400 }),
    healthPort: fc.integer({ min: 0, max: 65535 }),
    listTasks: fc.constant(true),
    json: fc.constant(true),
    values: fc.constant(true),
    printConfig: fc.constant(true),
    version: fc.constant(true),
  },
  { requiredKeys: [] },
);

describe('parseArgs(formatArgs(x))', () => {
  it('round-trips every args object tb-gen can write', () => {
    fc.assert(
      fc.property(argsArb, (args) => {
        expect(parseArgs(formatArgs(args))).toEqual({ ok: true, args });
      }),
      { numRuns: 500 },
    );
  });

  it('writes flags in FLAGS order, one --flag=value token each', () => {
    fc.assert(
      fc.property(argsArb, (args) => {
        const order = formatArgs(args).map((t) => FLAGS.findIndex((f) => t === `--${f.flag}` || t.startsWith(`--${f.flag}=`)));
        expect(order.every((i) => i >= 0)).toBe(true);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
    );
  });

  it("accepts --worker-profile, the design brief's spelling, as --profile (both forms), and writes --profile", () => {
    const want = { ok: true, args: { profile: 'high-memory', profilesFile: 'p.yaml' } };
    expect(parseArgs(['--worker-profile=high-memory', '--profiles-file=p.yaml'])).toEqual(want);
    expect(parseArgs(['--worker-profile', 'high-memory', '--profiles-file', 'p.yaml'])).toEqual(want);
    expect(formatArgs({ profile: 'high-memory' })).toEqual(['--profile=high-memory']);
  });

  it('accepts the space-separated form too', () => {
    expect(parseArgs(['--tasks', 'a,b', '--concurrency', '3'])).toEqual({ ok: true, args: { tasks: ['a', 'b'], concurrency: 3 } });
  });
});

describe('parseArgs rejects', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown flag with a suggestion', ['--concurency=3'], /unknown argument '--concurency=3' \(did you mean --concurrency\?\)/],
    [
      '--exclude-queue is --exclude-queues',
      ['--exclude-queue=q'],
      /unknown argument '--exclude-queue=q' \(did you mean --exclude-queues\?\)$/,
    ],
    ['--exclude-task is --exclude-tasks', ['--exclude-task=t'], /\(did you mean --exclude-tasks\?\)$/],
    ['--queue is --queues', ['--queue=q'], /\(did you mean --queues\?\)$/],
    ['--list-task is --list-tasks', ['--list-task'], /\(did you mean --list-tasks\?\)$/],
    ['a prefix: --health', ['--health=9'], /\(did you mean --health-port\?\)$/],
    ['a prefix of two: --exclude', ['--exclude=x'], /\(did you mean --exclude-tasks or --exclude-queues\?\)$/],
    ['nothing near', ['--prio=1'], /^unknown argument '--prio=1'$/],
    ['positional argument', ['worker'], /unknown argument 'worker'/],
    ['bad backend', ['--backend=rq'], /--backend=rq: expected one of bullmq, celery/],
    ['empty list item', ['--tasks=a,,b'], /empty name in list/],
    ['concurrency 0', ['--concurrency=0'], /expected a whole number from 1 to 10000/],
    ['non-numeric port', ['--health-port=http'], /expected a whole number from 0 to 65535/],
    ['value on a boolean', ['--list-tasks=yes'], /--list-tasks takes no value/],
    ['missing value', ['--queues'], /--queues needs a value/],
    ['flag as value', ['--app', '--tasks=a'], /--app needs a value/],
  ];
  it.each(cases)('%s', (_label, argv, message) => {
    const r = parseArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });
});
