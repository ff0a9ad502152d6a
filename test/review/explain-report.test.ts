// tb-gen explain (where each resolved value came from) and tb-gen report (capacity and Redis
// connections), each against small cases whose answers are worked out by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/review/explain.js';
import { capacityReport } from '../../src/review/report.js';
import { reportText } from '../../src/review/report-format.js';
import { EXAMPLES, exampleValueFiles, ROOT } from '../helpers/fixtures.js';
import { chart, cli, gen } from '../helpers/run.js';

const VALUES = `taskConfig: { app: a.js }
defaults:
  concurrency: 2
  nodeSelector: { pool: general }
workers:
  api:
    profile: small
    tasks: [t1]
    nodeSelector: {}
`;
const PROFILES = 'profiles:\n  small:\n    concurrency: 3\n    resources: { cpu: 250m, memory: 256Mi }\n';

describe('tb-gen explain', () => {
  const r = gen([{ name: 'values.yaml', text: VALUES }], {
    noApp: true,
    profiles: [{ name: 'profiles.yaml', text: PROFILES }],
    sets: ['workers.api.replicas=4'],
  });
  const e = explain(r.layers ?? [], 'api', chart.values.name, chart.meta);
  const row = (path: string) => {
    const o = e?.values.find((v) => v.path === path);
    return o && [o.value, o.level, o.source, o.at && `${o.at.file}:${o.at.line}:${o.at.col}`];
  };

  it.each([
    ['concurrency', 3, 'profiles.small', 'profiles.yaml', 'profiles.yaml:3:18'],
    ['resources.requests.cpu', '250m', 'profiles.small', 'profiles.yaml', 'profiles.yaml:4:23'],
    ['resources.limits.memory', '256Mi', 'profiles.small', 'profiles.yaml', 'profiles.yaml:4:37'],
    ['nodeSelector', {}, 'workers.api', 'values.yaml', 'values.yaml:9:19'],
    ['replicas', 4, 'workers.api', '--set 1', '--set:1:1'],
    ['tasks', ['t1'], 'workers.api', 'values.yaml', 'values.yaml:8:12'],
    ['securityContext.readOnlyRootFilesystem', true, 'defaults', 'chart default', expect.stringMatching(/^chart\/values\.yaml:\d+:\d+$/)],
    ['terminationGracePeriodSeconds', 30, 'defaults', 'chart default', expect.stringMatching(/^chart\/values\.yaml:/)],
  ])('%s = %j from %s (%s at %s)', (path, value, level, source, at) => {
    expect(row(path)).toEqual([value, level, source, at]);
  });

  // Each row: a worker's own values, and the settings it runs with that no file states (the chart's
  // values.yaml states replicas 1, terminationGracePeriodSeconds 30 and pdb.enabled).
  it.each([
    ['{ tasks: [t] }', { concurrency: 1, 'pdb.maxUnavailable': 1, 'pdb.unhealthyPodEvictionPolicy': 'AlwaysAllow' }],
    ['{ tasks: [t], concurrency: 4, replicas: 0 }', {}],
    ['{ tasks: [t], concurrency: 2, replicas: 3, pdb: { minAvailable: 1 } }', { 'pdb.unhealthyPodEvictionPolicy': 'AlwaysAllow' }],
    ['{ tasks: [t], concurrency: 2, pdb: { enabled: false } }', {}],
    [
      '{ tasks: [t], concurrency: 2, autoscaling: { enabled: true, maxReplicas: 4 } }',
      {
        'autoscaling.mode': 'hpa',
        'autoscaling.minReplicas': 1,
        'autoscaling.targetCPUUtilizationPercentage': 80,
        'pdb.maxUnavailable': 1,
        'pdb.unhealthyPodEvictionPolicy': 'AlwaysAllow',
      },
    ],
    [
      '{ tasks: [t], concurrency: 2, pdb: { enabled: false }, autoscaling: { enabled: true, maxReplicas: 4, targetMemoryUtilizationPercentage: 70 } }',
      { 'autoscaling.mode': 'hpa', 'autoscaling.minReplicas': 1 },
    ],
    [
      '{ tasks: [t], concurrency: 2, terminationGracePeriodSeconds: 600, pdb: { enabled: false }, autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 4 } }',
      { 'autoscaling.pollingInterval': 30, 'autoscaling.cooldownPeriod': 630 },
    ],
  ])('lists what a worker %s runs with that no file states, as built-in', (spec, want) => {
    const tc = 'taskConfig: { app: a.js, broker_url: "redis://r:6379" }\ntasks: { t: { queue: q } }\n';
    const b = gen(`${tc}workers:\n  b: ${spec}\n`, { noApp: true });
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const x = explain(b.layers ?? [], 'b', chart.values.name, chart.meta);
    const built = x?.values.filter((v) => v.level === 'built-in') ?? [];
    expect(built.every((v) => v.source === 'tb-gen' && v.at === null)).toBe(true);
    expect(Object.fromEntries(built.map((v) => [v.path, v.value]))).toEqual(want);
  });

  it('resolves every example worker to exactly the spec the pipeline renders', () => {
    for (const file of exampleValueFiles()) {
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      const profiles = /--profiles (\S+)/.exec(text)?.[1];
      const res = gen([{ name: file, text }], {
        noApp: true,
        ...(profiles ? { profiles: [{ name: profiles, text: readFileSync(join(ROOT, profiles), 'utf8') }] } : {}),
      });
      for (const w of res.plan?.workers ?? []) {
        const x = explain(res.layers ?? [], w.name, chart.values.name, chart.meta);
        const leaves = Object.fromEntries((x?.values ?? []).filter((v) => v.level !== 'built-in').map((v) => [v.path, v.value]));
        expect(leaves, `${file} ${w.name}`).toEqual(flatten(w.spec));
        expect(
          x?.values.filter((v) => v.level === 'unknown'),
          `${file} ${w.name}`,
        ).toEqual([]);
      }
    }
  });

  // Invalid input is exit 1 as for render, even when the broken file is the one naming the worker.
  it.each([
    ['a YAML syntax error', { 'v.yaml': 'workers:\n  api: { tasks: [t1]\n' }, [], /error\[YAML_SYNTAX\]/],
    ['two documents', { 'v.yaml': 'workers: {}\n---\na: 1\n' }, [], /error\[MULTIPLE_DOCUMENTS\]/],
    ['a top-level list', { 'v.yaml': '- a\n' }, [], /error\[NOT_A_MAP\]/],
    ['a bad --set naming the worker', { 'v.yaml': 'workers: {}\n' }, ['--set', 'workers.api[x]=1'], /error\[SET_SYNTAX\]/],
  ])('exits 1 on %s, with the diagnostics and no stack', async (_, files, more, diagnostic) => {
    const r = await cli(['explain', 'api', '-f', 'v.yaml', ...more], { files });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(diagnostic);
    expect(r.stderr).toMatch(/tb-gen: cannot explain worker 'api': fix the values that could not be read/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a wrong type', [['--set', 'workers.api.replicas=x']], /replicas = x/],
    ['a YAML syntax error in a second file', [['-f', 'w.yaml']], /concurrency = 3/],
    ['a bad --set', [['--set', 'workers.api[x]=1']], /concurrency = 3/],
  ])('still explains a worker the readable files name, exit 1 with %s', async (_, more, line) => {
    const r = await cli(['explain', 'api', '-f', 'v.yaml', '--profiles', 'p.yaml', ...more.flat()], {
      files: { 'v.yaml': VALUES, 'p.yaml': PROFILES, 'w.yaml': 'workers: [' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(line);
    expect(r.stderr).toMatch(/error\[/);
  });

  it('says which workers there are when the name is not one (exit 2)', async () => {
    const r2 = await cli(['explain', 'apo', '-f', 'v.yaml', '--profiles', 'p.yaml'], { files: { 'v.yaml': VALUES, 'p.yaml': PROFILES } });
    expect(r2).toMatchObject({ code: 2, stderr: "tb-gen: no worker 'apo' in the values; did you mean `api`? (workers: api)\n" });
  });
});

function flatten(v: unknown, path: string[] = []): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || (Object.keys(v).length === 0 && path.length))
    return { [path.join('.')]: v };
  return Object.assign({}, ...Object.entries(v).map(([k, x]) => flatten(x, [...path, k])));
}

const CAPACITY = `taskConfig: { app: a.js }
tasks: { t1: { queue: q1 }, t2: { queue: q2 }, t3: { queue: q3 } }
workers:
  two-queues:
    tasks: [t1, t2]
    replicas: 3
    concurrency: 4
    resources: { requests: { cpu: 500m, memory: 1Gi } }
  scaled:
    tasks: [t3]
    autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 5 }
    resources: { cpu: "1", memory: 2Gi }
`;

describe('tb-gen report', () => {
  const r = gen(CAPACITY, { noApp: true });
  const rep = capacityReport(r.plan!, r.objects!, 18);

  it('counts the shared connection and one blocking connection per consumed queue, per pod, at maximum scale', () => {
    expect(rep.workers.map((w) => [w.name, w.queues, w.redisConnections])).toEqual([
      ['scaled', ['q3'], { perPod: 2, atMax: 10 }],
      ['two-queues', ['q1', 'q2'], { perPod: 3, atMax: 9 }],
    ]);
    expect(rep.total.redisConnectionsAtMax).toBe(19);
    expect(rep.maxclients).toEqual({ limit: 18, used: 19, percent: 105.6, exceeded: true });
  });

  it('sums requests and limits at the minimum and the maximum replica count, and job slots', () => {
    expect(rep.total).toMatchObject({ minReplicas: 4, maxReplicas: 8, slotsAtMin: 13, slotsAtMax: 17 });
    expect(rep.total.requests.atMax).toEqual({ cpuMillis: 6500, memoryBytes: 13 * 2 ** 30, cpuUnset: 0, memoryUnset: 0 });
    expect(rep.total.limits.atMin).toEqual({ cpuMillis: 1000, memoryBytes: 2 * 2 ** 30, cpuUnset: 1, memoryUnset: 1 });
  });

  it.each([
    ['a Redis broker, no result backend', 'backend_type: celery', 2],
    [
      'RabbitMQ broker, a plain result backend',
      'backend_type: celery, broker_url: "amqp://r:5672/v", result_backend: "redis://r:6379/1"',
      1,
    ],
    ['both from Secrets', 'backend_type: celery, brokerSecret: { name: b, key: u }, resultBackendSecret: { name: r, key: u }', 3],
    [
      'RabbitMQ in a Secret (taskConfig.rabbitmq), no result backend',
      'backend_type: celery, brokerSecret: { name: b, key: u }, rabbitmq: {}',
      0,
    ],
  ])('counts celery connections per pod: %s', (_what, tc, perPod) => {
    const celery = gen(CAPACITY.replace('taskConfig: { app: a.js }', `taskConfig: { app: a.js, ${tc} }`));
    const c = capacityReport(celery.plan!, celery.objects!);
    expect(c.workers.map((w) => w.redisConnections?.perPod)).toEqual([perPod, perPod]);
    expect(c.connectionModel).toBe('celery');
    expect(reportText(c)).toContain('(task-backend-worker on celery)');
  });

  it('counts no Python Celery pod (Celery opens its own), and then gives no total and compares no maxclients', async () => {
    const py = CAPACITY.replace('taskConfig: { app: a.js }', 'taskConfig: { app: a.js, backend_type: celery }').replace(
      '    tasks: [t3]\n',
      '    tasks: [t3]\n    runtime: celery\n    image: { repository: py, tag: "1" }\n    celery: { app: proj }\n',
    );
    const mixed = gen(py);
    expect(mixed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const c = capacityReport(mixed.plan!, mixed.objects!, 18);
    expect(c.workers.map((w) => [w.name, w.redisConnections])).toEqual([
      ['scaled', null],
      ['two-queues', { perPod: 2, atMax: 6 }],
    ]);
    expect(c.total.redisConnectionsAtMax).toBeNull();
    expect(c.maxclients).toBeNull();
    expect(reportText(c)).toContain('no total; Python Celery workers (runtime: celery) open what Celery opens');
    const out = await cli(['report', '-f', 'c.yaml', '--maxclients', '1'], { files: { 'c.yaml': py } });
    expect(out.code, out.stderr).toBe(0);
  });

  it.each([
    [['--maxclients', '19'], 0],
    [['--maxclients', '18'], 1],
    [['--maxclients', '0'], 2],
  ])('report %j exits %i', async (argv, code) => {
    const out = await cli(['report', '-f', 'c.yaml', ...argv], { files: { 'c.yaml': CAPACITY } });
    expect(out.code, out.stderr).toBe(code);
  });
});
