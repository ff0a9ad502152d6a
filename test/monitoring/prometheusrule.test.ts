// The PrometheusRule and `tb-gen rules`: which alerts each kind of worker gets, what the values
// change, the Prometheus Operator's own CRD schema, and the values the schema refuses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crdProblems } from '../helpers/crd.js';
import { ROOT } from '../helpers/fixtures.js';
import { cli, gen } from '../helpers/run.js';

type Obj = Record<string, any>;
const BASE = 'taskConfig: { backend_type: bullmq, broker_url: "redis://redis:6379" }\nmonitoring: { rules: { enabled: true } }\n';

function rule(values: string, namespace?: string): Obj | undefined {
  const sources = [
    { name: 'base.yaml', text: BASE },
    { name: 'values.yaml', text: values },
  ];
  const r = gen(sources, namespace ? { namespace } : {});
  if (!r.objects) throw new Error(JSON.stringify(r.diagnostics));
  return r.objects.find((o) => o.object.kind === 'PrometheusRule')?.object;
}
const alertsOf = (pr: Obj | undefined, group = 0): string[] =>
  ((pr?.spec.groups[group]?.rules ?? []) as Obj[]).filter((r) => r.alert).map((r) => r.alert as string);

const ALWAYS = ['TaskBackendBacklogHigh', 'TaskBackendJobsFailing', 'TaskBackendJobsRejected'];

describe('alerts per kind of worker', () => {
  it.each([
    [
      'fixed replicas',
      'w: { tasks: [a], replicas: 2 }',
      ['TaskBackendBacklogHigh', 'TaskBackendWorkerDown', 'TaskBackendJobsFailing', 'TaskBackendJobsRejected'],
    ],
    [
      'HPA',
      'w: { tasks: [a], autoscaling: { enabled: true, maxReplicas: 4 } }',
      [...ALWAYS.slice(0, 1), 'TaskBackendWorkerDown', ...ALWAYS.slice(1), 'TaskBackendMaxedOut'],
    ],
    [
      'KEDA from 1',
      'w: { tasks: [a], autoscaling: { enabled: true, mode: keda, minReplicas: 1, maxReplicas: 4 } }',
      [ALWAYS[0], 'TaskBackendWorkerDown', ALWAYS[1], ALWAYS[2], 'TaskBackendMaxedOut'],
    ],
    [
      'KEDA from 0',
      'w: { tasks: [a], autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 4 } }',
      [...ALWAYS, 'TaskBackendMaxedOut', 'TaskBackendStuckAtZero'],
    ],
  ])('%s', (_, worker, want) => {
    expect(alertsOf(rule(`workers:\n  ${worker}\n`))).toEqual(want);
  });

  it('renders no group for a worker with replicas 0 or disabled, and no object when none is left', () => {
    expect(rule('workers:\n  w: { tasks: [a], replicas: 0 }\n  x: { tasks: [b], enabled: false }\n')).toBeUndefined();
  });

  it('renders a group for a celery-backend worker on task-backend-worker, none for a runtime: celery one (no series)', () => {
    const head = 'taskConfig: { backend_type: celery, app: dist/app/tasks.js }\nmonitoring: { rules: { enabled: true } }\nworkers:\n';
    const py = '  py: { tasks: [b], runtime: celery, celery: { app: proj }, image: { repository: registry/py-app } }\n';
    expect(rule(`${head}  w: { tasks: [a] }\n${py}`)?.spec.groups.map((g: { name: string }) => g.name)).toEqual(['task-worker-w']);
    const r = gen(`${head}${py}`);
    expect(r.objects?.some((o) => o.object.kind === 'PrometheusRule')).toBe(false);
  });

  it('renders nothing unless monitoring.rules.enabled', () => {
    const r = gen('taskConfig: { backend_type: bullmq }\nworkers:\n  w: { tasks: [a] }\n');
    expect(r.objects?.some((o) => o.object.kind === 'PrometheusRule')).toBe(false);
  });
});

describe('values', () => {
  const pr = rule(
    `monitoring:
  rules:
    labels: { release: prom }
    alertLabels: { team: media }
    rateWindow: 2m
    alerts:
      backlog: { threshold: 3, for: 1h, severity: page }
      rejected: { enabled: false }
workers:
  w: { tasks: [a], replicas: 3, concurrency: 4 }
`,
    'jobs',
  );
  const rules = pr?.spec.groups[0].rules as Obj[];
  const backlog = rules.find((r) => r.alert === 'TaskBackendBacklogHigh');

  it('set the threshold against the capacity (concurrency 4 x 3 replicas), for, severity and extra labels', () => {
    expect(backlog?.expr).toBe('worker:task_backend_worker_queue_waiting:sum{namespace="jobs",worker="w"} / 12 > 3');
    expect(backlog?.for).toBe('1h');
    expect(backlog?.labels).toEqual({ severity: 'page', team: 'media', worker: 'w' });
  });

  it('turn an alert off, set the rate window, and label the object for the ruleSelector', () => {
    expect(rules.some((r) => r.alert === 'TaskBackendJobsRejected')).toBe(false);
    expect(rules.find((r) => r.record === 'worker:task_backend_worker_jobs_failed:ratio_rate')?.expr).toContain('[2m]');
    expect(pr?.metadata.labels.release).toBe('prom');
  });

  it.each([
    ['failing threshold above 1', 'monitoring: { rules: { alerts: { failing: { threshold: 2 } } } }'],
    ['a duration Prometheus cannot read', 'monitoring: { rules: { alerts: { down: { for: 5 minutes } } } }'],
    ['an alert that does not exist', 'monitoring: { rules: { alerts: { backlogg: { for: 5m } } } }'],
    ['a threshold on an alert without one', 'monitoring: { rules: { alerts: { down: { threshold: 1 } } } }'],
    ['an invalid label name for KEDA', 'monitoring: { rules: { kedaNamespaceLabel: exported-namespace } }'],
  ])('refuse %s, at its line', (_, values) => {
    const r = gen(`taskConfig: { backend_type: bullmq }\n${values}\nworkers:\n  w: { tasks: [a] }\n`);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: 'values.yaml', line: 2 });
  });
});

describe("the Prometheus Operator's CRD schema", () => {
  const pr = rule('workers:\n  w: { tasks: [a], autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 4 } }\n', 'jobs');

  it('accepts the PrometheusRule', () => {
    expect(crdProblems(pr as Obj)).toEqual([]);
  });

  it('refuses a broken one (the check can fail)', () => {
    const broken = structuredClone(pr) as Obj;
    broken.spec.groups[0].rules[4].for = '5 minutes';
    broken.spec.groups[0].rules[4].severity = 'warning';
    expect(crdProblems(broken).join('\n')).toMatch(/for|severity/);
  });
});

describe('tb-gen rules', () => {
  it('prints the groups as a plain rule file, without a namespace matcher unless given one', async () => {
    const r = await cli(['rules', '-f', 'test/monitoring/values.yaml'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('groups:\n')).toBe(true);
    expect(r.stdout).toContain('task_backend_worker_ready{worker="api"}');
    expect(r.stdout).not.toContain('namespace="');
  });

  it('exits 1 and says why when no worker runs task-backend-worker', async () => {
    // Python Celery workers only (runtime: celery): they export none of task-backend-worker's series.
    const dir = mkdtempSync(join(tmpdir(), 'tb-rules-'));
    writeFileSync(
      join(dir, 'values.yaml'),
      'taskConfig: { backend_type: celery }\nmonitoring: { rules: { enabled: true } }\nworkers:\n  py: { tasks: [b], runtime: celery, celery: { app: proj }, image: { repository: registry/py-app } }\n',
    );
    const r = await cli(['rules', '-f', 'values.yaml'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tb-gen rules: no enabled worker runs task-backend-worker');
    expect(r.stdout).toBe('');
  });

  it('exits 1 on invalid values, as render does', async () => {
    const r = await cli(['rules', '-f', 'test/monitoring/values.yaml', '--set', 'monitoring.rules.alerts.failing.threshold=2'], {
      cwd: ROOT,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('threshold');
  });
});
