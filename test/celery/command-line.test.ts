// The Celery command line as the contract writes it, and the pool size review reads back from it:
// small cases, expectations written from Celery 5's documented flags.
import { describe, expect, it } from 'vitest';
import { celeryArgs, celeryPoolSize } from '../../src/contract/celery.js';

describe('celeryArgs', () => {
  it.each([
    { c: { app: 'backend' }, n: 1, want: '-A backend worker -Q q --hostname w@%h --concurrency 1' },
    { c: { app: 'b', autoscale: { max: 4, min: 1 } }, n: 8, want: '-A b worker -Q q --hostname w@%h --autoscale 4,1' },
    {
      c: { app: 'b', prefetchMultiplier: 1, maxTasksPerChild: 9, timeLimit: 60, softTimeLimit: 50, acksLate: false },
      n: 2,
      want: '-A b worker -Q q --hostname w@%h --concurrency 2 --prefetch-multiplier 1 --max-tasks-per-child 9 --time-limit 60 --soft-time-limit 50 task_acks_late=false',
    },
    {
      c: { app: 'b', brokerTransportOptions: { visibility_timeout: 7200, a: { z: 1, b: 2 } } },
      n: 1,
      want: '-A b worker -Q q --hostname w@%h --concurrency 1 broker_transport_options=(json){"a":{"b":2,"z":1},"visibility_timeout":7200}',
    },
  ])('$want', ({ c, n, want }) => {
    expect(celeryArgs('w', ['q'], n, c).join(' ')).toBe(want);
  });
});

describe('celeryPoolSize', () => {
  it.each([
    { args: ['-A', 'b', 'worker', '--concurrency', '3'], want: 3 },
    { args: ['-A', 'b', 'worker', '--autoscale', '10,2'], want: 10 },
    { args: ['--backend=celery', '--concurrency=3'], want: undefined },
  ])('$args', ({ args, want }) => {
    expect(celeryPoolSize(args)).toBe(want);
  });
});
