// One contract for the series: every series and label the rules and the dashboard query is one a
// real worker registry exports (src/worker/metrics.ts), so a renamed series cannot leave an alert
// silent or a panel empty. KEDA's keda_scaler_active is KEDA's own (pkg/metricscollector).
import { describe, expect, it } from 'vitest';
import { DASHBOARD } from '../../src/contract/monitoring/dashboard.js';
import { METRICS } from '../../src/contract/monitoring/metrics.js';
import { ALERTS, fill, RECORDING_RULES, RECORDS } from '../../src/contract/monitoring/rules.js';
import { WorkerMetrics } from '../../src/worker/metrics.js';
import { parseMetrics } from '../helpers/worker.js';

/** What a worker serving one task on one queue exports after one of each event. */
async function exposition() {
  const m = new WorkerMetrics({ worker: 'w', profile: '-' }, [{ name: 't', queue: 'q' }]);
  const s = m.series('t', 'q');
  s.completed(0.1);
  s.failed(0.1);
  m.series('x', 'q').rejected();
  return parseMetrics(await m.render({ inFlight: 1, concurrency: 2, ready: true, redisConnected: true, waiting: { q: 3 } }));
}

const ARGS = ['worker="w"', '10', '1', '5m', '2', 'scaledObject="o"', 'w', '5'];
const ruleExprs = [...RECORDING_RULES.map((r) => fill(r.expr, ARGS)), ...ALERTS.map((a) => fill(a.expr, ARGS))];
const panelExprs = DASHBOARD.panels.flatMap((p) => p.targets.map((t) => t.expr));
/** Series names in PromQL: identifiers followed by `{` (every selector here has matchers). */
const selected = (expr: string) => [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1] as string);
/** Label names in `by (...)` clauses. */
const grouped = (expr: string) => [...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => (m[1] as string).split(/,\s*/));

describe('series the rules and the dashboard read', () => {
  it('are all exported by a real worker registry, or are recorded by the rules, or are KEDA’s', async () => {
    const names = new Set((await exposition()).map((s) => s.name));
    const recorded = new Set<string>(Object.values(RECORDS));
    const read = [...ruleExprs, ...panelExprs].flatMap(selected);
    expect(read.length).toBeGreaterThan(20);
    const unknown = read.filter((n) => !names.has(n) && !recorded.has(n) && n !== 'keda_scaler_active');
    expect(unknown).toEqual([]);
  });

  it('include every worker series of the contract, which the registry exports under those names', async () => {
    const names = new Set((await exposition()).map((s) => s.name));
    const read = new Set([...ruleExprs, ...panelExprs].flatMap(selected).map((n) => n.replace(/_bucket$/, '')));
    for (const name of Object.values(METRICS)) {
      expect(names.has(name) || names.has(`${name}_bucket`), `${name} exported`).toBe(true);
      if (name !== METRICS.duration) expect(read.has(name), `${name} read by a rule or panel`).toBe(true);
    }
    expect(read.has(METRICS.duration)).toBe(true);
  });

  it('group by labels the series carry (namespace comes from the scrape target)', async () => {
    const labels = new Set((await exposition()).flatMap((s) => Object.keys(s.labels)));
    for (const l of [...ruleExprs, ...panelExprs].flatMap(grouped)) {
      expect(labels.has(l) || l === 'namespace', `label ${l}`).toBe(true);
    }
  });
});

describe('fill', () => {
  it.each([
    ['%[1]s > %[2]s', ['a', 'b'], 'a > b'],
    ['%[2]s%[1]s%[2]s', ['a', 'b'], 'bab'],
    ['100%% of %[1]s', ['x'], '100% of x'],
    ['{{ $value }} %[1]s', ['x'], '{{ $value }} x'],
  ])('%s with %j is %s (as Go printf reads it)', (text, args, want) => {
    expect(fill(text, args)).toBe(want);
  });
});
