// The worker's metrics (prom-client) and log lines (pino), in process: names, labels, meanings,
// the runtime's default metrics, line order and batching.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Completions } from '../../src/worker/completions.js';
import { createLogger, FLUSH_BYTES, FLUSH_MS } from '../../src/worker/log.js';
import { DURATION_BUCKETS, WorkerMetrics } from '../../src/worker/metrics.js';
import { parseMetrics, sampleValue } from '../helpers/worker.js';

const gauges = { inFlight: 1, concurrency: 10, ready: true, redisConnected: true, waiting: { q: 5, r: undefined } };

describe('WorkerMetrics', () => {
  it('counts, times and samples with worker and profile on every series', async () => {
    const m = new WorkerMetrics({ worker: 'api', profile: 'lightweight' }, [{ name: 't', queue: 'q' }]);
    const t = m.series('t', 'q');
    t.completed(0.02);
    t.completed(2);
    t.failed(0.3);
    m.series('x', 'q').rejected();
    const text = await m.render(gauges);
    const s = parseMetrics(text);
    const L = { worker: 'api', profile: 'lightweight' };
    const T = { ...L, task: 't', queue: 'q' };
    const P = 'task_backend_worker_';
    const want: Array<[string, Record<string, string>, number]> = [
      ['jobs_completed_total', T, 2],
      ['jobs_failed_total', T, 1],
      ['jobs_rejected_total', T, 0],
      ['jobs_rejected_total', { ...L, task: 'x', queue: 'q' }, 1],
      ['jobs_completed_total', { ...L, task: 'x', queue: 'q' }, 0],
      ['job_duration_seconds_bucket', { ...T, le: '0.01' }, 0],
      ['job_duration_seconds_bucket', { ...T, le: '0.025' }, 1],
      ['job_duration_seconds_bucket', { ...T, le: '0.5' }, 2],
      ['job_duration_seconds_bucket', { ...T, le: '+Inf' }, 3],
      ['job_duration_seconds_sum', T, 2.32],
      ['job_duration_seconds_count', T, 3],
      ['jobs_in_flight', L, 1],
      ['concurrency', L, 10],
      ['queue_waiting', { ...L, queue: 'q' }, 5],
      ['ready', L, 1],
      ['redis_connected', L, 1],
    ];
    for (const [name, labels, value] of want) expect(sampleValue(s, P + name, labels), `${name} ${JSON.stringify(labels)}`).toBe(value);
    expect(text).toContain(`# TYPE ${P}job_duration_seconds histogram`);
    expect(text).toContain(`# TYPE ${P}jobs_completed_total counter`);
    expect(s.filter((x) => x.name === `${P}queue_waiting`).map((x) => x.labels.queue)).toEqual(['q']); // unreadable: omitted, not 0
    expect(s.some((x) => x.name.startsWith(`${P}job_duration`) && x.labels.task === 'x')).toBe(false); // refused only: no histogram
    expect(s.filter((x) => !('worker' in x.labels) || !('profile' in x.labels))).toEqual([]);
    expect(m.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it("adds prom-client's process and Node.js runtime metrics", async () => {
    const s = parseMetrics(await new WorkerMetrics({ worker: 'w', profile: '-' }).render(gauges));
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_version_info',
    ])
      expect(
        s.find((x) => x.name === name),
        name,
      ).toMatchObject({ labels: expect.objectContaining({ worker: 'w', profile: '-' }) as unknown });
    expect(sampleValue(s, 'process_resident_memory_bytes', { worker: 'w', profile: '-' })).toBeGreaterThan(10e6);
  });

  it('exports zeros for every served task before any job, and a queue depth that went unreadable disappears', async () => {
    const m = new WorkerMetrics({ worker: 'w', profile: '-' }, [{ name: 'a', queue: 'q' }]);
    const s = parseMetrics(await m.render(gauges));
    expect(sampleValue(s, 'task_backend_worker_jobs_completed_total', { worker: 'w', profile: '-', task: 'a', queue: 'q' })).toBe(0);
    expect(s.filter((x) => x.name === 'task_backend_worker_job_duration_seconds_bucket')).toHaveLength(DURATION_BUCKETS.length + 1);
    const later = parseMetrics(await m.render({ ...gauges, waiting: { q: undefined } }));
    expect(later.some((x) => x.name === 'task_backend_worker_queue_waiting')).toBe(false);
  });

  it('escapes label values', async () => {
    const m = new WorkerMetrics({ worker: 'a"b\\c\nd', profile: '-' });
    expect(await m.render(gauges)).toContain('task_backend_worker_ready{worker="a\\"b\\\\c\\nd",profile="-"} 1');
  });
});

/** A sink that records each write. */
function sink() {
  const writes: string[] = [];
  const write = (chunk: string) => void writes.push(chunk);
  const lines = () =>
    writes
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { writes, write, lines };
}

describe('log lines', () => {
  afterEach(() => void vi.useRealTimers());
  it('are one JSON object each, in call order, with the time, level, event, worker and profile', () => {
    const out = sink();
    let clock = 0;
    const logger = createLogger({ worker: 'w', profile: '-' }, out.write, () => clock);
    const jobs = logger.jobLog('t', 'q');
    jobs.completed('1', 3, 1, 0);
    clock = 1500;
    logger.log('error', 'job_failed', { task: 't', error: new Error('bad\nsecond line'), note: 'quote " and \\' });
    jobs.completed('2', 0.4, 2, 1499); // a job line carries its completion time, not the clock's
    logger.log('info', 'ready');
    logger.flush();
    const base = { worker: 'w', profile: '-' };
    expect(out.lines()).toEqual([
      {
        ts: '1970-01-01T00:00:00.000Z',
        level: 'info',
        event: 'job_completed',
        ...base,
        task: 't',
        queue: 'q',
        jobId: '1',
        durationMs: 3,
        attempt: 1,
      },
      { ts: '1970-01-01T00:00:01.500Z', level: 'error', event: 'job_failed', ...base, task: 't', error: 'bad', note: 'quote " and \\' },
      {
        ts: '1970-01-01T00:00:01.499Z',
        level: 'info',
        event: 'job_completed',
        ...base,
        task: 't',
        queue: 'q',
        jobId: '2',
        durationMs: 0.4,
        attempt: 2,
      },
      { ts: '1970-01-01T00:00:01.500Z', level: 'info', event: 'ready', ...base },
    ]);
    expect(out.writes).toHaveLength(1); // four lines, one write
  });

  it('reach the sink within FLUSH_MS without an explicit flush', () => {
    vi.useFakeTimers();
    const out = sink();
    const logger = createLogger({ worker: 'w', profile: '-' }, out.write);
    logger.log('info', 'ready');
    vi.advanceTimersByTime(FLUSH_MS - 1);
    expect(out.writes).toEqual([]); // batched, not written line by line
    vi.advanceTimersByTime(1);
    expect(out.lines()).toMatchObject([{ event: 'ready' }]);
  });

  it('write a batch once FLUSH_BYTES are buffered', () => {
    const out = sink();
    const logger = createLogger({ worker: 'w', profile: '-' }, out.write);
    const jobs = logger.jobLog('t', 'q');
    let n = 0;
    while (out.writes.length === 0) jobs.completed(String(++n), 1, 1, 0);
    expect(out.writes[0]!.length).toBeGreaterThanOrEqual(FLUSH_BYTES);
    expect(n).toBeGreaterThan(50); // one write for many lines
  });
});

describe('completions', () => {
  afterEach(() => void vi.useRealTimers());
  it('are counted and logged in batches, each with its own time, and always before a later line', async () => {
    const out = sink();
    const logger = createLogger({ worker: 'w', profile: '-' }, out.write);
    const metrics = new WorkerMetrics({ worker: 'w', profile: '-' }, [{ name: 't', queue: 'q' }]);
    const completions = new Completions();
    logger.drainFirst(() => completions.flush());
    const sinkT = { series: metrics.series('t', 'q'), log: logger.jobLog('t', 'q') };
    const count = async () =>
      sampleValue(await metrics.render(gauges), 'task_backend_worker_jobs_completed_total', {
        worker: 'w',
        profile: '-',
        task: 't',
        queue: 'q',
      });
    vi.useFakeTimers({ now: Date.now() });
    const before = Date.now();
    completions.add(sinkT, '7', 0.0123, 1);
    expect(await count()).toBe(0); // recorded, not yet counted
    vi.advanceTimersByTime(FLUSH_MS); // the batch flushes by itself
    expect(await count()).toBe(1);
    completions.add(sinkT, 'a"b', 2, 3);
    logger.log('warn', 'job_failed', { jobId: '8' }); // drains the completion first
    logger.flush();
    const lines = out.lines();
    expect(lines.map((l) => [l.event, l.jobId])).toEqual([
      ['job_completed', '7'],
      ['job_completed', 'a"b'],
      ['job_failed', '8'],
    ]);
    expect(lines[0]).toMatchObject({ task: 't', queue: 'q', durationMs: 12.3, attempt: 1 });
    expect(Date.parse(lines[0]!.ts as string)).toBeGreaterThanOrEqual(before - 1);
    expect(await count()).toBe(2);
  });
});
