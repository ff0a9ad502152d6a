// Pure parts of the runtime: the slot semaphore, readiness/liveness verdicts per state, reconnect
// backoff and the refusal reason. Metrics and log lines: observability.test.ts.
import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/worker/connection.js';
import { isConnectionError, refusalReason } from '../../src/worker/bullmq/dispatch.js';
import { liveness, readiness, type Snapshot } from '../../src/worker/health.js';
import { Slots } from '../../src/worker/slots.js';

describe('Slots', () => {
  it('caps holders, hands a released slot to the first waiter, and refuses all once closed', async () => {
    const s = new Slots(2);
    expect(await s.acquire()).toBe(true);
    expect(await s.acquire()).toBe(true);
    const order: string[] = [];
    const w1 = s.acquire().then((ok) => order.push(`w1:${ok}`));
    const w2 = s.acquire().then((ok) => order.push(`w2:${ok}`));
    expect(s.contended).toBe(true);
    s.release();
    await w1;
    expect(order).toEqual(['w1:true']);
    expect(s.inUse).toBe(2);
    s.close();
    await w2;
    expect(order).toEqual(['w1:true', 'w2:false']);
    expect(await s.acquire()).toBe(false);
    s.release();
    s.release();
    expect(s.inUse).toBe(0);
    expect(() => s.release()).toThrow(/without a matching acquire/);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new Slots(0)).toThrow(RangeError);
  });
});

describe('readiness and liveness', () => {
  const base: Snapshot = {
    phase: 'running',
    redisReady: true,
    saturated: false,
    now: 100_000,
    staleAfterMs: 30_000,
    consumers: [{ queue: 'q', running: true, heartbeatAt: 99_000 }],
  };
  const c = (over: Partial<Snapshot['consumers'][0]>) => [{ ...base.consumers[0]!, ...over }];
  const cases: Array<[string, Partial<Snapshot>, boolean, boolean, RegExp?]> = [
    ['running', {}, true, true],
    [
      'connecting to Redis',
      { phase: 'connecting', redisReady: false, consumers: [] },
      false,
      true,
      /phase is connecting; redis not connected/,
    ],
    ['starting consumers', { phase: 'starting' }, false, true, /phase is starting/],
    ['Redis went away', { redisReady: false }, false, true, /redis not connected/],
    ['a consumer stopped', { consumers: c({ running: false }) }, false, true, /consumer for queue 'q' is not running/],
    ['fetch loop silent 40 s', { consumers: c({ heartbeatAt: 60_000 }) }, false, true, /fetch loop for queue 'q' silent for 40 s/],
    ['silent but every slot busy (long jobs)', { consumers: c({ heartbeatAt: 0 }), saturated: true }, true, true],
    ['silent for over 4x the limit', { consumers: c({ heartbeatAt: -30_000 }) }, false, false, /silent for 130 s/],
    ['silent while Redis is down: not a wedge', { redisReady: false, consumers: c({ heartbeatAt: -30_000 }) }, false, true],
    ['draining', { phase: 'draining' }, false, true, /phase is draining/],
  ];
  it.each(cases)('%s', (_l, over, ready, alive, reason) => {
    const s = { ...base, ...over };
    const r = readiness(s);
    expect(r.ok).toBe(ready);
    expect(liveness(s).ok).toBe(alive);
    if (reason) expect([...r.reasons, ...liveness(s).reasons].join('; ')).toMatch(reason);
  });
});

describe('small pieces', () => {
  it('backs off 200 ms doubling to a 5 s cap', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(backoffMs)).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('names the refusing worker, the task, the queue and what it serves', () => {
    const served = new Map([
      ['b', {}],
      ['a', {}],
    ]) as never;
    expect(refusalReason({ served, queue: 'q', identity: "worker 'api' (profile 'p', host h, pid 1)" }, 'zz')).toBe(
      "refused by worker 'api' (profile 'p', host h, pid 1): task 'zz' on queue 'q' is not served by this worker (serves: a, b)",
    );
  });

  it('tells connection errors from others', () => {
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(new Error('Missing lock for job 1'))).toBe(false);
  });
});
