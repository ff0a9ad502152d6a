// tb-gen diff's parts: worker statuses and changes, routing changes, the generic object diff, the
// scale and pool it reads from the resolved plan, masking, the Markdown budget, and the exit codes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/model.js';
import { formatCpu, formatMemory } from '../../src/review/capacity.js';
import { diff } from '../../src/review/diff.js';
import { diffMarkdown } from '../../src/review/diff-markdown.js';
import { objectChanges } from '../../src/review/objdiff.js';
import { redact, summarize } from '../../src/review/summary.js';
import { ROOT } from '../helpers/fixtures.js';
import { cli, gen } from '../helpers/run.js';

const CASES = join(ROOT, 'test/review/cases');
const read = (f: string) => readFileSync(join(CASES, f), 'utf8');
const side = (label: string, text: string) => ({ label, result: gen([{ name: label, text }], { noApp: true }) });
const report = (a: string, b: string) => diff(side('base.yaml', a), side('head.yaml', b), (d) => d.some((x) => x.severity === 'error'));

describe('workers and routing between two value sets', () => {
  const r = report(read('base.yaml'), read('head.yaml'));

  it('says what happens to each worker', () => {
    expect(Object.fromEntries(r.workers.map((w) => [w.name, w.status]))).toEqual({
      batch: 'enabled',
      email: 'changed',
      images: 'changed',
      janitor: 'removed',
      video: 'changed',
    });
    expect(r.changed).toBe(true);
  });

  it('reads scale, concurrency and slots: images goes from 2 fixed pods to an HPA of 2-6 with twice the concurrency', () => {
    const images = r.workers.find((w) => w.name === 'images');
    expect(images?.changes.slice(0, 4)).toEqual([
      { field: 'mode', before: 'fixed', after: 'hpa' },
      { field: 'replicas', before: '2', after: '2-6' },
      { field: 'concurrency', before: '4', after: '8' },
      { field: 'job slots at max', before: '8', after: '48' },
    ]);
    expect(images?.capacity.head?.requests.atMax).toEqual({ cpuMillis: 3000, memoryBytes: 6 * 2 ** 30, cpuUnset: 0, memoryUnset: 0 });
  });

  it('lists placement and a new env var from a Secret by reference only', () => {
    const video = r.workers.find((w) => w.name === 'video')?.changes.map((c) => c.field);
    expect(video).toEqual(expect.arrayContaining(['placement.nodeSelector', 'placement.tolerations', 'requests.cpu', 'limits.memory']));
    const email = r.workers.find((w) => w.name === 'email')?.changes;
    expect(email).toContainEqual({ field: 'env.SMTP_PASSWORD', before: null, after: 'secret smtp/password' });
    expect(JSON.stringify(r)).not.toMatch(/s3cret/);
    expect(email?.find((c) => c.field === 'env.SMTP_HOST')?.after).toMatch(/\*\*\*@smtp\.internal:25 \(a masked password changed\)$/);
  });

  it('reports tasks that change hands or gain a worker, and queues that gain or lose their last consumer', () => {
    expect(r.routing).toEqual([
      { kind: 'task-moved', task: 'cleanup', queue: null, before: ['janitor'], after: ['batch'] },
      { kind: 'task-served', task: 'notify', queue: null, before: [], after: ['email'] },
      { kind: 'queue-consumed', task: null, queue: 'notifications', before: [], after: ['email'] },
    ]);
    const back = report(read('head.yaml'), read('base.yaml')).routing.map((x) => `${x.kind} ${x.task ?? x.queue}`);
    expect(back).toEqual(['task-moved cleanup', 'task-unserved notify', 'queue-unconsumed notifications']);
  });

  it('is no change at all between a file and itself, and says so', () => {
    const same = report(read('base.yaml'), read('base.yaml'));
    expect(same).toMatchObject({ changed: false, routing: [], objects: [] });
    expect(same.workers.every((w) => w.status === 'unchanged')).toBe(true);
    expect(diffMarkdown(same)).toMatch(/No change to any worker, routing or rendered object/);
  });

  it('compares nothing when a side is invalid, and says which', () => {
    const bad = report(read('base.yaml'), 'workers:\n  x:\n    replcas: 2\n');
    expect(bad).toMatchObject({ changed: false, base: { valid: true }, head: { valid: false, diagnostics: { errors: 1 } }, workers: [] });
  });
});

type Obj = Record<string, unknown>;

describe("a worker's scale and pool, from the resolved plan", () => {
  // Expected figures are read off the values as a user would: fixed replicas, the HPA's or the
  // ScaledObject's bounds, the Celery autoscale ceiling for a Python Celery worker.
  const celery = 'taskConfig: { backend_type: celery, broker_url: "redis://r:6379/0" }\n';
  it.each([
    ['fixed replicas', 'workers: { a: { replicas: 4, concurrency: 3 } }', 'fixed', 4, 4, 3],
    ['no replicas: one pod, concurrency 1', 'workers: { a: {} }', 'fixed', 1, 1, 1],
    ['an HPA', 'workers: { a: { concurrency: 3, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 9 } } }', 'hpa', 2, 9, 3],
    [
      'KEDA to zero',
      'workers: { a: { concurrency: 3, autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 30 }, queues: [q] } }\ntasks: { t: { queue: q } }\ntaskConfig: { broker_url: "redis://r:6379" }',
      'keda',
      0,
      30,
      3,
    ],
    [
      'a Python Celery worker: its autoscale ceiling',
      `${celery}workers: { a: { runtime: celery, image: { repository: py }, concurrency: 2, celery: { app: proj, autoscale: { max: 8, min: 1 } } } }`,
      'fixed',
      1,
      1,
      8,
    ],
  ])('%s', (_, values, mode, min, max, concurrency) => {
    const r = gen(values);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const s = summarize(r.plan as Plan, r.objects ?? []).get('a');
    expect(s).toMatchObject({ mode, minReplicas: min, maxReplicas: max, concurrency });
  });
});

describe("a worker's container, found by its name", () => {
  const r = gen('workers: { a: { image: { repository: app, tag: "2" }, resources: { requests: { cpu: "1" } } } }');
  const withContainers = (containers: (c: Obj) => Obj[]) =>
    (r.objects ?? []).map((o) => {
      if (o.object.kind !== 'Deployment') return o;
      const d = structuredClone(o.object) as { spec: { template: { spec: { containers: Obj[] } } } };
      d.spec.template.spec.containers = containers(d.spec.template.spec.containers[0] as Obj);
      return { ...o, object: d };
    });
  const sidecar = { name: 'proxy', image: 'envoy:1', resources: { requests: { cpu: '50m' } } };
  it.each([
    ['alone', (w: Obj) => [w], 'app:2', '1'],
    ['after a sidecar', (w: Obj) => [sidecar, w], 'app:2', '1'],
    ['before a sidecar', (w: Obj) => [w, sidecar], 'app:2', '1'],
    ['none named worker: the first', () => [sidecar], 'envoy:1', '50m'],
  ])('%s', (_, containers, image, cpu) => {
    const s = summarize(r.plan as Plan, withContainers(containers)).get('a');
    expect(s && [s.image, s.requests.cpu]).toEqual([image, cpu]);
  });
});

describe('field-level object changes', () => {
  const env = (...names: string[]) => names.map((n) => ({ name: n, value: n.toLowerCase() }));
  const withEnv = (e: Obj[], labels: Obj = {}) => ({
    kind: 'Deployment',
    metadata: { name: 'd', labels: { a: '1', ...labels } },
    spec: { template: { spec: { containers: [{ name: 'worker', env: e, args: ['--x', '--y'] }] } } },
  });
  const paths = (a: Obj, b: Obj) => objectChanges([a], [b]).flatMap((o) => o.fields.map((f) => f.path));

  it.each([
    [
      'the labels only one renderer knows are no change',
      withEnv([], { 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'c-1' }),
      withEnv([]),
      [],
    ],
    ['other labels are', withEnv([], { team: 'a' }), withEnv([], { team: 'b' }), ['metadata.labels.team']],
    [
      'an env var inserted first is one addition, not a shifted list',
      withEnv(env('B', 'C')),
      withEnv(env('A', 'B', 'C')),
      ['spec.template.spec.containers[worker].env[A]'],
    ],
    [
      'a new order is a change of its own (env refers to earlier entries)',
      withEnv(env('A', 'B')),
      withEnv(env('B', 'A')),
      ['spec.template.spec.containers[worker].env (order)'],
    ],
    [
      'a value inside a named item',
      withEnv(env('A')),
      withEnv([{ name: 'A', value: 'z' }]),
      ['spec.template.spec.containers[worker].env[A].value'],
    ],
  ])('%s', (_, a, b, want) => expect(paths(a, b)).toEqual(want));

  it('keys objects by kind and name: an unknown kind (a PDB) is added, removed or compared like any other', () => {
    const pdb = (n: number): Obj => ({ kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { maxUnavailable: n } });
    expect(objectChanges([], [pdb(1)])).toEqual([{ kind: 'PodDisruptionBudget', name: 'p', change: 'added', fields: [] }]);
    expect(objectChanges([pdb(1)], [pdb(2)])[0]?.fields).toEqual([{ path: 'spec.maxUnavailable', before: 1, after: 2 }]);
    expect(objectChanges([pdb(1)], [])[0]?.change).toBe('removed');
  });
});

describe('what is printed', () => {
  it.each([
    ['redis://:hunter2@redis:6379/0', 'redis://:***@redis:6379/0'],
    ['amqp://user:p%40ss@host/vh', 'amqp://user:***@host/vh'],
    ['redis://redis:6379/0', 'redis://redis:6379/0'],
    ['not a url: a:b@c', 'not a url: a:b@c'],
  ])('masks the password of %s', (raw, shown) => expect(redact(raw)).toBe(shown));

  it.each([
    [250, '250m'],
    [1000, '1'],
    [2500, '2.5'],
    [0, '0'],
  ])('writes %i millicores as %s', (m, s) => expect(formatCpu(m)).toBe(s));

  it.each([
    [512 * 2 ** 20, '512Mi'],
    [1.5 * 2 ** 30, '1.5Gi'],
    [2 ** 40, '1Ti'],
    [100, '100'],
  ])('writes %i bytes as %s', (b, s) => expect(formatMemory(b)).toBe(s));

  it("keeps the PR comment under GitHub's limit: details go first, then rows, each with a note", () => {
    const many = (tag: string) =>
      'taskConfig: { app: a.js }\nworkers:\n' +
      Array.from(
        { length: 120 },
        (_, i) => `  w${i}:\n    tasks: [t${i}]\n    env: [{ name: TAG, value: "${tag}-${'x'.repeat(80)}" }]\n`,
      ).join('');
    const r = report(many('a'), many('b'));
    const full = diffMarkdown(r, 10_000_000);
    expect(full.length).toBeGreaterThan(60_000);
    const cut = diffMarkdown(r);
    expect(cut.length).toBeLessThanOrEqual(60_000);
    expect(cut).toMatch(/detail section\(s\) left out to fit GitHub's comment limit/);
    const tiny = diffMarkdown(r, 8_000);
    expect(tiny.length).toBeLessThanOrEqual(8_000);
    expect(tiny).toMatch(/more changed workers left out/);
  });
});

describe('tb-gen diff exit codes', () => {
  const files = { 'base.yaml': read('base.yaml'), 'head.yaml': read('head.yaml'), 'bad.yaml': 'workers:\n  x:\n    replcas: 2\n' };
  it.each([
    [['--base-values', 'base.yaml', '-f', 'head.yaml'], 0],
    [['--base-values', 'base.yaml', '-f', 'head.yaml', '--exit-code'], 3],
    [['--base-values', 'base.yaml', '-f', 'base.yaml', '--exit-code'], 0],
    [['--base-values', 'base.yaml', 'base.yaml', '--values', 'base.yaml', 'base.yaml', '--exit-code'], 0],
    [['--base-values', 'base.yaml', '--values', 'base.yaml', 'head.yaml', '--exit-code'], 3],
    [['--base-values', 'base.yaml', '-f', 'bad.yaml'], 1],
    [['-f', 'head.yaml'], 2],
    [['--base-values', 'base.yaml', '--base-ref', 'main', '-f', 'head.yaml'], 2],
    [['--base-values', 'base.yaml', '-f', 'head.yaml', '--format', 'yaml'], 2],
  ])('diff %j exits %i', async (argv, code) => {
    const r = await cli(['diff', ...argv], { files });
    expect(r.code, r.stderr).toBe(code);
  });

  it('anchors a --set finding of diff --format sarif at the first -f file', async () => {
    const r = await cli(['diff', '--base-values', 'base.yaml', '-f', 'head.yaml', '--set', 'workers[0]=x', '--format', 'sarif'], { files });
    expect(r.code).toBe(1);
    type Log = { runs: Array<{ results: Array<{ message: { text: string }; locations?: unknown[] }> }> };
    const results = (JSON.parse(r.stdout) as Log).runs[0]?.results;
    const set = (results ?? []).filter((x) => /\(at --set:1:1\)/.test(x.message.text));
    expect(set.length).toBeGreaterThan(0);
    expect((results ?? []).every((x) => x.locations?.length === 1)).toBe(true);
    for (const x of set) {
      expect(x.locations).toEqual([
        { physicalLocation: { artifactLocation: { uri: 'head.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } },
      ]);
    }
  });

  it.each([[['--base-ref', 'main', '--base-profiles', 'p.yaml', '-f', 'head.yaml']], [['--base-profiles', 'p.yaml', '-f', 'head.yaml']]])(
    'refuses --base-profiles without --base-values, saying what to do: %j',
    async (argv) => {
      const r = await cli(['diff', ...argv], { files: { ...files, 'p.yaml': 'profiles: {}\n' } });
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(
        /^tb-gen: --base-profiles goes with --base-values: .*give the base values files with --base-values FILE\.\.\., or drop --base-profiles\n$/,
      );
    },
  );
});
