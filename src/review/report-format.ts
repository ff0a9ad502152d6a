// `tb-gen report` as text (aligned columns) or Markdown (a table): the same rows either way.
import { amount } from './diff-cells.js';
import type { Capacity } from './capacity.js';
import type { CapacityReport } from './report.js';

const HEAD = [
  'worker',
  'mode',
  'replicas',
  'concurrency',
  'job slots',
  'requests at min',
  'requests at max',
  'limits at min',
  'limits at max',
  'redis conns at max',
];

function cells(name: string, mode: string, conc: string, c: Capacity, n: number, conns: number | null | undefined): string[] {
  const r = c.minReplicas === c.maxReplicas ? String(c.minReplicas) : `${c.minReplicas}-${c.maxReplicas}`;
  const slots = c.slotsAtMin === c.slotsAtMax ? String(c.slotsAtMax) : `${c.slotsAtMin}-${c.slotsAtMax}`;
  const a = (x: typeof c.requests.atMin) => amount(x, n);
  return [
    name,
    mode,
    r,
    conc,
    slots,
    a(c.requests.atMin),
    a(c.requests.atMax),
    a(c.limits.atMin),
    a(c.limits.atMax),
    conns === null || conns === undefined ? 'n/a' : String(conns),
  ];
}

function rows(r: CapacityReport): string[][] {
  const body = r.workers.map((w) => cells(w.name, w.mode, String(w.concurrency), w.capacity, 1, w.redisConnections?.atMax));
  return [...body, cells(`total (${r.workers.length})`, '', '', r.total, r.workers.length, r.total.redisConnectionsAtMax)];
}

function notes(r: CapacityReport): string[] {
  const out = ['CPU / memory summed over the replicas; `*`: some workers set none, `-`: none does.'];
  // On the celery backend only Python Celery workers leave the total unknown.
  if (r.total.redisConnectionsAtMax === null && r.connectionModel === 'celery')
    out.push('Redis connections: no total; Python Celery workers (`runtime: celery`) open what Celery opens, not estimated here.');
  else if (r.total.redisConnectionsAtMax === null)
    out.push('Redis connections: not estimated; the backend is not task-backend-worker on BullMQ.');
  else if (r.connectionModel === 'celery')
    out.push(
      'Redis connections per pod: 2 to a Redis broker (none to RabbitMQ) + 1 to the result backend when set (task-backend-worker on celery); producers not counted.',
    );
  else
    out.push('Redis connections per pod: 1 shared + 1 blocking per consumed queue (task-backend-worker on BullMQ); producers not counted.');
  if (r.total.redisConnectionsAtMax !== null && r.topology?.mode === 'sentinel')
    out.push(
      `Sentinel: each of the ${r.topology.sentinels} sentinels also holds one connection per connection above (${r.total.redisConnectionsAtMax} each at maximum scale).`,
    );
  if (r.total.redisConnectionsAtMax !== null && r.topology?.mode === 'cluster')
    out.push(
      `Cluster: the connections above per node at most, spread over the ${r.topology.nodes} listed nodes (up to ${r.total.redisConnectionsAtMax * r.topology.nodes} in all).`,
    );
  const m = r.maxclients;
  if (m) out.push(`${m.exceeded ? 'EXCEEDS' : 'within'} maxclients ${m.limit}: ${m.used} connections at maximum scale (${m.percent}%).`);
  return out;
}

/** Aligned columns for a terminal. */
export function reportText(r: CapacityReport): string {
  const all = [HEAD, ...rows(r)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((row) => (row[i] as string).length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [...all.map(line), '', ...notes(r).map((n) => n.replace(/`/g, ''))].join('\n') + '\n';
}

/** A Markdown table, for a PR comment or a step summary. */
export function reportMarkdown(r: CapacityReport): string {
  const row = (xs: string[]) => `| ${xs.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`;
  const body = rows(r);
  const last = body.pop() as string[];
  return (
    [
      '### tb-gen report',
      '',
      row(HEAD),
      row(HEAD.map(() => '---')),
      ...body.map(row),
      row(last.map((c) => (c ? `**${c}**` : c))),
      '',
      ...notes(r),
    ].join('\n') + '\n'
  );
}
