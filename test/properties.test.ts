// Properties over generated values files: determinism, independence from map key order, names
// that are DNS-1123 labels of at most 63 characters (or an error, never a truncation), HPA
// min <= max, and every object valid against Kubernetes' schemas with unknown fields rejected.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { chartName, DNS_LABEL, fullname, MAX_NAME } from '../src/contract/names.js';
import { shuffleKeys, valuesCase, type ValuesCase } from './helpers/arbitraries.js';
import { k8sProblems } from './helpers/k8s.js';
import { chart, gen, stream } from './helpers/run.js';

const RUNS = { numRuns: 100 };
// Codes only normalize can raise; the generator writes schema-valid files, so no other appears.
const PLAN_CODES = new Set([
  'NAME_TOO_LONG',
  'MIXED_RESOURCE_FORMS',
  'REQUEST_ABOVE_LIMIT',
  'AUTOSCALING_MAX_REQUIRED',
  'HPA_MIN_ABOVE_MAX',
  'HPA_WITHOUT_CPU_REQUEST',
  'TASK_INCLUDED_AND_EXCLUDED',
  'QUEUE_INCLUDED_AND_EXCLUDED',
  'WORKER_SERVES_NOTHING',
  'UNKNOWN_PROFILE',
  'QUEUE_SHARED_WITH_REFUSED_TASK',
  'LISTED_TASK_NOT_CONSUMED',
  'TASK_NOT_SERVED',
  'WORKER_SERVES_EVERYTHING',
  'REPLICAS_IGNORED',
  'KEDA_REDIS_UNREACHABLE',
  'KEDA_RABBITMQ_UNREACHABLE',
  'KEDA_AMQP_READY_ONLY',
  'KEDA_NAME_TOO_LONG',
  'KEDA_QUEUES_UNKNOWN',
  'COOLDOWN_WITHIN_GRACE',
  'PDB_BLOCKS_DRAIN',
  'AUTOSCALING_MODE_CONFLICT',
  'MIN_REPLICAS_ZERO_WITHOUT_KEDA',
  'PDB_BOTH_BOUNDS',
  'UNDECLARED_CATCH_ALL',
  'IMPLAUSIBLE_QUANTITY',
]);

type Case = ValuesCase;
const yamlOf = (values: unknown) => stringify(values, { version: '1.1' });
const run = (c: Case, values: unknown = c.values) =>
  gen(yamlOf(values), { release: c.release, ...(c.namespace ? { namespace: c.namespace } : {}) });
const objects = (r: ReturnType<typeof gen>) => (r.objects ?? []).map((o) => o.object as any);

describe('properties of generated values files', () => {
  it('generates schema-valid files that mostly render', () => {
    let rendered = 0;
    let tooLong = 0;
    fc.assert(
      fc.property(valuesCase, (c) => {
        const r = run(c);
        for (const d of r.diagnostics) expect(PLAN_CODES, `${d.code}: ${d.message}`).toContain(d.code);
        if (r.objects) rendered++;
        if (r.diagnostics.some((d) => d.code === 'NAME_TOO_LONG')) tooLong++;
      }),
      RUNS,
    );
    expect(rendered, 'renders in at least a third of the runs').toBeGreaterThan(RUNS.numRuns / 3);
    expect(tooLong, 'reaches NAME_TOO_LONG sometimes').toBeGreaterThan(0);
  });

  it('is deterministic: the same input gives byte-identical output and the same diagnostics', () => {
    fc.assert(
      fc.property(valuesCase, (c) => {
        const [a, b] = [run(c), run(c)];
        expect(stream(b)).toBe(stream(a));
        expect(b.diagnostics).toEqual(a.diagnostics);
      }),
      RUNS,
    );
  });

  it('does not depend on the key order of any input map', () => {
    fc.assert(
      fc.property(valuesCase, fc.integer(), (c, seed) => {
        const [a, b] = [run(c), run(c, shuffleKeys(c.values, seed))];
        expect(b.objects === undefined).toBe(a.objects === undefined);
        expect(stream(b)).toBe(stream(a));
        const what = (r: typeof a) => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`).sort();
        expect(what(b)).toEqual(what(a));
      }),
      RUNS,
    );
  });

  it('names every worker object <fullname>-<worker> and every release object <fullname>[-redis], DNS-1123 labels of at most 63 characters, or reports NAME_TOO_LONG', () => {
    fc.assert(
      fc.property(valuesCase, (c) => {
        const r = run(c);
        const full = fullname(c.release, chartName(chart.meta.name, c.values.nameOverride), c.values.fullnameOverride);
        for (const o of objects(r)) {
          const worker = o.metadata.labels['task-backend.io/worker'];
          const release = o.kind === 'TriggerAuthentication' ? `${full}-redis` : full;
          expect(o.metadata.name).toBe(worker === undefined ? release : `${full}-${worker}`);
          expect(o.metadata.name.length).toBeLessThanOrEqual(MAX_NAME);
          expect(o.metadata.name).toMatch(DNS_LABEL);
          if (c.namespace) expect(o.metadata.namespace).toBe(c.namespace);
        }
        const v = c.values;
        const enabled = (w: any) => w.enabled ?? v.profiles?.[w.profile ?? v.defaults?.profile]?.enabled ?? v.defaults?.enabled ?? true;
        const long = Object.entries<any>(v.workers)
          .filter(([n, w]) => enabled(w) && `${full}-${n}`.length > MAX_NAME)
          .map(([n]) => n);
        const reported = r.diagnostics.filter((d) => d.code === 'NAME_TOO_LONG').map((d) => d.pointer.split('/')[2]);
        expect(reported.sort()).toEqual(long.sort());
        if (long.length) expect(r.objects).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('renders an HPA only with 1 <= minReplicas <= maxReplicas, for a Deployment without replicas', () => {
    fc.assert(
      fc.property(valuesCase, (c) => {
        const all = objects(run(c));
        for (const h of all.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
          expect(h.spec.minReplicas).toBeGreaterThanOrEqual(1);
          expect(h.spec.minReplicas).toBeLessThanOrEqual(h.spec.maxReplicas);
          const target = all.find((o) => o.kind === 'Deployment' && o.metadata.name === h.spec.scaleTargetRef.name);
          expect(target?.spec.replicas, `Deployment ${h.spec.scaleTargetRef.name}`).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it('reports HPA_MIN_ABOVE_MAX exactly for workers whose own autoscaling has min > max', () => {
    fc.assert(
      fc.property(valuesCase, (c) => {
        const values: Case['values'] = structuredClone({
          ...c.values,
          defaults: { ...c.values.defaults, autoscaling: undefined },
          profiles: undefined,
        });
        for (const w of Object.values<any>(values.workers)) delete w.profile;
        const r = run(c, values);
        if (r.diagnostics.some((d) => d.code === 'NAME_TOO_LONG')) return;
        const want = Object.entries<any>(values.workers)
          .filter(([, w]) => {
            const a = w.autoscaling;
            return (
              (w.enabled ?? values.defaults?.enabled ?? true) &&
              a?.enabled &&
              a.maxReplicas !== undefined &&
              (a.minReplicas ?? 1) > a.maxReplicas
            );
          })
          .map(([n]) => n)
          .sort();
        const got = r.diagnostics
          .filter((d) => d.code === 'HPA_MIN_ABOVE_MAX')
          .map((d) => d.pointer.split('/')[2])
          .sort();
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });

  it("renders only objects valid against Kubernetes' schemas, with no unknown field", () => {
    let checked = 0;
    fc.assert(
      fc.property(valuesCase, (c) => {
        for (const o of objects(run(c))) {
          expect(k8sProblems(o), JSON.stringify(o)).toEqual([]);
          checked++;
        }
      }),
      RUNS,
    );
    expect(checked, 'objects checked: enough to mean something').toBeGreaterThan(RUNS.numRuns / 2);
  });
});
