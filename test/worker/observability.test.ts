// The worker's metrics (prom-client) and log lines (pino), in process: names, labels, meanings,
// the runtime's default metrics, line order and batching.
import { describe, expect, it } from 'vitest';
import { createLogger, FLUSH_MS, type LogSink } from '../../src/worker/log.js';
import { DURATION_BUCKETS, WorkerMetrics } from '../../src/worker/metrics.js';
import { parseMetrics, sampleValue } from './helpers.js';

const gauges = { inFlight: 1, concurrency: 10, ready: true, redisConnected: true, waiting: { q: 5, r: undefined } };

describe('WorkerMetrics', () => {
  it('counts, times and samples with worker and profile on every series', async () => {
    const m = new WorkerMetrics({ worker: 'api', profile: 'lightweight' }, [{ name: 't', queue: 'q' }]);
    m.completed('t', 'q', 0.02);
    m.completed('t', 'q', 2);
    m.failed('t', 'q', 0.3);
    m.rejected('x', 'q');
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

/** A sink that records each write, as SonicBoom would receive it. */
function sink(): LogSink & { writes: string[]; flushed: number; lines: () => Array<Record<string, unknown>> } {
  const writes: string[] = [];
  let pending = '';
  const s = {
    writes,
    flushed: 0,
    write: (chunk: string) => (pending += chunk),
    flushSync: () => {
      s.flushed++;
      if (pending) writes.push(pending);
      pending = '';
    },
    lines: () =>
      writes
        .join('')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
  return s;
}

describe('log lines', () => {
  it('are one JSON object each, in call order, with the time, level, event, worker and profile', () => {
    const out = sink();
    let clock = 0;
    const logger = createLogger({ worker: 'w', profile: '-' }, out, () => clock);
    const jobs = logger.jobLog('t', 'q');
    jobs.completed('1', 3, 1);
    clock = 1500;
    logger.log('error', 'job_failed', { task: 't', error: new Error('bad\nsecond line'), note: 'quote " and \\' });
    clock = 1499; // a clock step back is printed as it is: lines stay in the order they happened
    jobs.completed('2', 0.4, 2);
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
      { ts: '1970-01-01T00:00:01.499Z', level: 'info', event: 'ready', ...base },
    ]);
    expect(out.writes).toHaveLength(1); // four lines, one write
  });

  it('reach the sink within FLUSH_MS without an explicit flush', async () => {
    const out = sink();
    const logger = createLogger({ worker: 'w', profile: '-' }, out);
    logger.log('info', 'ready');
    expect(out.writes).toEqual([]);
    await new Promise((r) => setTimeout(r, FLUSH_MS * 4));
    expect(out.lines()).toMatchObject([{ event: 'ready' }]);
  });
});
