// Names and labels: Helm's fullname rule (a release that contains the chart name is used alone),
// overrides, <fullname>-<worker>, and the labels that keep workers' selectors apart.
import { describe, expect, it } from 'vitest';
import { versionLabel } from '../../src/contract/labels.js';
import { chartName, DNS_LABEL, fullname, LABEL_VALUE, releaseNameProblem, workerObjectName } from '../../src/contract/names.js';
import { cli, gen } from '../helpers/run.js';

const fullnameRows: Array<[string, string, string | undefined, string]> = [
  ['prod', 'task-worker', undefined, 'prod-task-worker'],
  ['task-worker', 'task-worker', undefined, 'task-worker'],
  ['my-task-worker', 'task-worker', undefined, 'my-task-worker'],
  ['task-worker-eu', 'task-worker', undefined, 'task-worker-eu'],
  ['task', 'task-worker', undefined, 'task-task-worker'],
  ['prod', 'jobs', undefined, 'prod-jobs'],
  ['prod', 'task-worker', '', 'prod-task-worker'],
  ['prod', 'task-worker', 'custom', 'custom'],
  ['task-worker', 'task-worker', 'custom', 'custom'],
];

describe('names', () => {
  it.each(fullnameRows)('fullname(%s, %s, override %s) = %s', (release, name, override, want) => {
    expect(fullname(release, name, override)).toBe(want);
  });

  it.each([
    ['task-worker', undefined, 'task-worker'],
    ['task-worker', '', 'task-worker'],
    ['task-worker', 'jobs', 'jobs'],
  ] as const)('chartName(%s, nameOverride %s) = %s', (chart, override, want) => {
    expect(chartName(chart, override)).toBe(want);
  });

  it("names a worker's objects <fullname>-<worker>, never truncated", () => {
    expect(workerObjectName('task-worker', 'file-processing')).toBe('task-worker-file-processing');
    expect(workerObjectName('x'.repeat(60), 'abcd')).toHaveLength(65);
  });

  it.each([
    ['task-worker', undefined],
    ['a', undefined],
    ['r'.repeat(53), undefined],
    ['r'.repeat(54), /53/],
    ['Prod', /DNS-1123/],
    ['prod_eu', /DNS-1123/],
    ['-prod', /DNS-1123/],
    ['', /DNS-1123/],
  ] as const)('release name %j: %s', (release, problem) => {
    const got = releaseNameProblem(release);
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(problem);
  });

  it("gives the brief's names with the default release", () => {
    const r = gen('workers:\n  file-processing: { tasks: [a] }\n  api-tasks: { tasks: [b] }\n');
    expect(r.objects?.filter((o) => o.object.kind === 'Deployment').map((o) => (o.object.metadata as { name: string }).name)).toEqual([
      'task-worker-api-tasks',
      'task-worker-file-processing',
    ]);
  });

  it('refuses a bad --release as a usage error (exit 2)', async () => {
    const r = await cli(['render', '-f', 'v.yaml', '--release', 'Prod'], { files: { 'v.yaml': 'workers: {}\n' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/release name 'Prod'/);
  });
});

describe('labels', () => {
  const r = gen(
    'commonLabels: { team: t, app.kubernetes.io/instance: nope }\nprofiles:\n  p: {}\nworkers:\n  a: { profile: p, podLabels: { tier: x, app.kubernetes.io/name: nope } }\n  b: {}\n',
    { release: 'rel' },
  );
  const deployments = (r.objects ?? []).map((o) => o.object as any).filter((o) => o.kind === 'Deployment');

  it('puts the standard labels on every object, and commonLabels cannot replace them', () => {
    expect(deployments[0].metadata.labels).toEqual({
      'app.kubernetes.io/component': 'worker',
      'app.kubernetes.io/instance': 'rel',
      'app.kubernetes.io/managed-by': 'tb-gen',
      'app.kubernetes.io/name': 'task-worker',
      'app.kubernetes.io/version': '0.1.0',
      'task-backend.io/profile': 'p',
      'task-backend.io/worker': 'a',
      team: 't',
    });
  });

  it("selects each worker's pods with a small per-worker selector that podLabels cannot change", () => {
    const selectors = deployments.map((d) => d.spec.selector.matchLabels);
    expect(selectors).toEqual(
      ['a', 'b'].map((w) => ({
        'app.kubernetes.io/instance': 'rel',
        'app.kubernetes.io/name': 'task-worker',
        'task-backend.io/worker': w,
      })),
    );
    for (const d of deployments) {
      const pod = d.spec.template.metadata.labels;
      expect(pod).toMatchObject(d.spec.selector.matchLabels);
      expect(pod).toMatchObject(d.metadata.labels);
    }
    expect(deployments[0].spec.template.metadata.labels.tier).toBe('x');
  });

  it('uses only DNS-1123 names', () => {
    for (const d of deployments) expect(d.metadata.name).toMatch(DNS_LABEL);
  });
});

// Expectations written by hand from Kubernetes' label-value rule (at most 63 of [-A-Za-z0-9_.],
// alphanumeric at both ends), not from the code.
const versionRows: Array<[string, string]> = [
  ['1.4.0', '1.4.0'],
  ['latest', 'latest'],
  ['1.4.0+build.7', '1.4.0_build.7'],
  ['1.2@sha256:abc', '1.2_sha256_abc'],
  ['_rc1.', 'rc1'],
  ['a'.repeat(63) + '.b', 'a'.repeat(63)],
  ['a'.repeat(62) + '-b', 'a'.repeat(62)],
  ['@@', ''],
];

describe('the version label', () => {
  it.each(versionRows)('of tag %j is %j', (tag, want) => {
    expect(versionLabel(tag)).toBe(want);
    expect(want).toMatch(LABEL_VALUE);
  });
});
