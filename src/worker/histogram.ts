// One task's counts on one queue, as plain numbers a job adds to, and the duration histogram that
// prom-client's registry reads from them at scrape time.

import type { Histogram } from 'prom-client';

/** Duration buckets in seconds: API calls at the low end, ML jobs at the high end. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** What the metrics keep per task and queue. */
export interface Tally {
  task: string;
  queue: string;
  completed: number;
  failed: number;
  rejected: number;
  timed: boolean; // has a histogram: served here, or a job of it ran
  buckets: number[]; // per bucket, not cumulative; the last one is +Inf
  sum: number;
  count: number;
}

// The duration histogram as prom-client's registry reads a metric: get() in the shape prom-client's
// own Histogram returns (cumulative `_bucket` with `le`, `_sum`, `_count`). Its Histogram class has
// no way to add counts other than one observe() per value.
export function durationHistogram(name: string, tallies: () => Tally[]): Histogram {
  const metric = {
    name,
    help: 'Handler run time, per task.',
    type: 'histogram',
    aggregator: 'sum',
    get: () =>
      Promise.resolve({
        name: metric.name,
        help: metric.help,
        type: metric.type,
        aggregator: metric.aggregator,
        values: tallies()
          .filter((t) => t.timed)
          .flatMap((t) => {
            const labels = { task: t.task, queue: t.queue };
            let cumulative = 0;
            const buckets = [...DURATION_BUCKETS.map(String), '+Inf'].map((le, i) => {
              cumulative += t.buckets[i] as number;
              return { labels: { ...labels, le }, value: cumulative, metricName: `${name}_bucket` };
            });
            return [
              ...buckets,
              { labels, value: t.sum, metricName: `${name}_sum` },
              { labels, value: t.count, metricName: `${name}_count` },
            ];
          }),
      }),
  };
  return metric as unknown as Histogram; // registerMetric() is typed for prom-client's classes; it calls get()
}
