// Pure parts of the runtime: the slot semaphore, readiness/liveness verdicts per state, the
// Prometheus text, reconnect backoff, the log line format and the refusal reason.
import { describe, expect, it } from 'vitest';
import { Completions } from '../../src/worker/completions.js';
import { backoffMs } from '../../src/worker/connection.js';
import { isConnectionError, refusalReason } from '../../src/worker/dispatch.js';
import { liveness, readiness, type Snapshot } from '../../src/worker/health.js';
import { createLogger } from '../../src/worker/log.js';
import { DURATION_BUCKETS, escapeLabel, WorkerMetrics } from '../../src/worker/metrics.js';
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

describe('WorkerMetrics', () => {
  it('renders counters, a histogram and gauges with worker and profile labels', () => {
    const m = new WorkerMetrics({ worker: 'api', profile: 'lightweight' }, [{ name: 't', queue: 'q' }]);
    m.completed('t', 'q', 0.02);
    m.completed('t', 'q', 2);
    m.failed('t', 'q', 0.3);
    m.rejected('x', 'q');
    const text = m.render({ inFlight: 1, concurrency: 10, ready: true, redisConnected: true, waiting: { q: 5, r: undefined } });
    const L = 'worker="api",profile="lightweight"';
    for (const line of [
      `task_backend_worker_jobs_completed_total{${L},task="t",queue="q"} 2`,
      `task_backend_worker_jobs_failed_total{${L},task="t",queue="q"} 1`,
      `task_backend_worker_jobs_rejected_total{${L},task="x",queue="q"} 1`,
      `task_backend_worker_job_duration_seconds_bucket{${L},task="t",queue="q",le="0.025"} 1`,
      `task_backend_worker_job_duration_seconds_bucket{${L},task="t",queue="q",le="0.5"} 2`,
      `task_backend_worker_job_duration_seconds_bucket{${L},task="t",queue="q",le="+Inf"} 3`,
      `task_backend_worker_job_duration_seconds_sum{${L},task="t",queue="q"} 2.32`,
      `task_backend_worker_job_duration_seconds_count{${L},task="t",queue="q"} 3`,
      `task_backend_worker_jobs_in_flight{${L}} 1`,
      `task_backend_worker_concurrency{${L}} 10`,
      `task_backend_worker_queue_waiting{${L},queue="q"} 5`,
      `task_backend_worker_ready{${L}} 1`,
      '# TYPE task_backend_worker_job_duration_seconds histogram',
    ])
      expect(text.split('\n')).toContain(line);
    expect(text).not.toMatch(/queue="r"/); // unreadable depth is omitted, not reported as 0
    expect(text).not.toMatch(/duration_seconds_count\{[^}]*task="x"/); // refused-only tasks have no histogram
    expect(text.endsWith('\n')).toBe(true);
  });

  it('exports zeros for every served task before any job', () => {
    const text = new WorkerMetrics({ worker: 'w', profile: '' }, [{ name: 'a', queue: 'q' }]).render({
      inFlight: 0,
      concurrency: 1,
      ready: false,
      redisConnected: false,
      waiting: {},
    });
    expect(text).toContain('task_backend_worker_jobs_completed_total{worker="w",profile="",task="a",queue="q"} 0');
    expect(text.match(/_bucket\{/g)).toHaveLength(DURATION_BUCKETS.length + 1);
  });

  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe('Completions', () => {
  it("counts and logs completed jobs in batches, with each job's own time", async () => {
    const chunks: string[] = [];
    const logger = createLogger(
      { worker: 'w' },
      (c) => chunks.push(c),
      () => 0,
    );
    const metrics = new WorkerMetrics({ worker: 'w', profile: '' }, [{ name: 't', queue: 'q' }]);
    const c = new Completions(metrics, logger.logJson);
    const render = () => metrics.render({ inFlight: 0, concurrency: 1, ready: true, redisConnected: true, waiting: {} });
    c.add('t', 'q', '7', 0.0123, 1);
    expect(render()).toContain('jobs_completed_total{worker="w",profile="",task="t",queue="q"} 0'); // not yet
    await new Promise((r) => setTimeout(r, 60)); // the batch flushes by itself
    expect(render()).toContain('jobs_completed_total{worker="w",profile="",task="t",queue="q"} 1');
    c.add('t', 'q', 'a"b', 2, 3);
    c.flush();
    logger.flush();
    const lines = chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ event: 'job_completed', task: 't', queue: 'q', jobId: '7', durationMs: 12.3, attempt: 1 }),
      expect.objectContaining({ event: 'job_completed', jobId: 'a"b', durationMs: 2000, attempt: 3 }),
    ]);
    expect(Date.parse(lines[0].ts)).toBeGreaterThan(0); // the completion time, not the logger's clock
  });
});

describe('small pieces', () => {
  it('backs off 200 ms doubling to a 5 s cap', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(backoffMs)).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('logs one JSON object per line, batched into one write, with base fields', () => {
    const chunks: string[] = [];
    let clock = 0;
    const { log, logJson, flush } = createLogger(
      { worker: 'w', profile: undefined },
      (c) => chunks.push(c),
      () => clock,
    );
    log('info', 'job_completed', { task: 't', jobId: '1', durationMs: 3 });
    clock = 1500;
    log('error', 'job_failed', { error: new Error('bad\nsecond line'), note: 'quote " and \\' });
    logJson('info', 'job_completed', '"task":"t","jobId":"2"');
    log('info', 'ready');
    flush();
    flush();
    expect(chunks).toHaveLength(1);
    expect(
      chunks[0]!
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { ts: '1970-01-01T00:00:00.000Z', level: 'info', event: 'job_completed', worker: 'w', task: 't', jobId: '1', durationMs: 3 },
      { ts: '1970-01-01T00:00:01.500Z', level: 'error', event: 'job_failed', worker: 'w', error: 'bad', note: 'quote " and \\' },
      { ts: '1970-01-01T00:00:01.500Z', level: 'info', event: 'job_completed', worker: 'w', task: 't', jobId: '2' },
      { ts: '1970-01-01T00:00:01.500Z', level: 'info', event: 'ready', worker: 'w' },
    ]);
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
