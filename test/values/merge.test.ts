// The merge contract: defaults < profile < worker; maps deep-merge; lists replace; an explicit
// 0, false or {} wins; null deletes; -f files layer later-wins; --set comes last.
import { describe, expect, it } from 'vitest';
import { mergeFiles, mergeSpecs } from '../../src/values/merge.js';
import type { WorkerSpec } from '../../src/values/model.js';
import { gen, stream } from '../helpers/run.js';

type J = Record<string, unknown>;

const specRows: Array<[string, J[], J]> = [
  ['worker beats profile beats defaults', [{ replicas: 1 }, { replicas: 2 }, { replicas: 3 }], { replicas: 3 }],
  ['profile beats defaults when the worker is silent', [{ replicas: 1 }, { replicas: 2 }, {}], { replicas: 2 }],
  [
    'maps deep-merge',
    [{ nodeSelector: { a: '1', b: '1' } }, { nodeSelector: { b: '2' } }, { nodeSelector: { c: '3' } }],
    { nodeSelector: { a: '1', b: '2', c: '3' } },
  ],
  [
    'nested maps deep-merge',
    [{ resources: { requests: { cpu: '1' } } }, {}, { resources: { requests: { memory: '1Gi' } } }],
    { resources: { requests: { cpu: '1', memory: '1Gi' } } },
  ],
  ['lists replace', [{ tasks: ['a', 'b'] }, { tasks: ['c'] }, {}], { tasks: ['c'] }],
  ['an empty list replaces too', [{ tolerations: [{ key: 'x' }] }, {}, { tolerations: [] }], { tolerations: [] }],
  ['explicit 0 wins', [{ replicas: 3 }, { replicas: 5 }, { replicas: 0 }], { replicas: 0 }],
  ['explicit false wins', [{ enabled: true }, {}, { enabled: false }], { enabled: false }],
  [
    'explicit false wins inside a map',
    [{ autoscaling: { enabled: true, maxReplicas: 3 } }, {}, { autoscaling: { enabled: false } }],
    { autoscaling: { enabled: false, maxReplicas: 3 } },
  ],
  ['explicit {} wins', [{ nodeSelector: { a: '1' } }, {}, { nodeSelector: {} }], { nodeSelector: {} }],
  [
    'explicit {} wins when nested',
    [{ resources: { requests: { cpu: '1' }, limits: { cpu: '2' } } }, {}, { resources: { requests: {} } }],
    { resources: { requests: {}, limits: { cpu: '2' } } },
  ],
  ['null deletes', [{ nodeSelector: { a: '1' }, replicas: 2 }, { nodeSelector: null }, {}], { replicas: 2 }],
  [
    'null deletes one key of a map',
    [{ nodeSelector: { a: '1', b: '2' } }, {}, { nodeSelector: { a: null } }],
    { nodeSelector: { b: '2' } },
  ],
];

const fileRows: Array<[string, J[], J]> = [
  ['later files win', [{ workers: { a: { replicas: 1 } } }, { workers: { a: { replicas: 4 } } }], { workers: { a: { replicas: 4 } } }],
  [
    'maps deep-merge across files',
    [{ workers: { a: { replicas: 1 } } }, { workers: { b: { replicas: 2 } } }],
    { workers: { a: { replicas: 1 }, b: { replicas: 2 } } },
  ],
  ['lists replace across files', [{ defaults: { tasks: ['a', 'b'] } }, { defaults: { tasks: ['c'] } }], { defaults: { tasks: ['c'] } }],
  [
    'explicit 0 and false win across files',
    [{ defaults: { replicas: 2, enabled: true } }, { defaults: { replicas: 0, enabled: false } }],
    { defaults: { replicas: 0, enabled: false } },
  ],
  [
    '{} in a later file adds nothing (as helm -f)',
    [{ commonLabels: { team: 'x' } }, { commonLabels: {} }],
    { commonLabels: { team: 'x' } },
  ],
  [
    'null deletes what an earlier file set',
    [{ workers: { a: { replicas: 1, concurrency: 2 } } }, { workers: { a: { concurrency: null } } }],
    { workers: { a: { replicas: 1 } } },
  ],
  ['null on a key no earlier file set leaves nothing', [{}, { workers: { a: { replicas: null } } }], { workers: { a: {} } }],
];

describe('merge functions', () => {
  it.each(specRows)('worker specs: %s', (_, layers, want) => {
    const before = structuredClone(layers);
    expect(mergeSpecs(layers)).toEqual(want);
    expect(layers, 'inputs are not mutated').toEqual(before);
  });

  it.each(fileRows)('values files: %s', (_, layers, want) => {
    const before = structuredClone(layers);
    expect(mergeFiles(layers)).toEqual(want);
    expect(layers, 'inputs are not mutated').toEqual(before);
  });
});

/** The resolved spec of one worker after the whole pipeline. */
function spec(r: ReturnType<typeof gen>, worker: string): WorkerSpec {
  const w = r.plan?.workers.find((x) => x.name === worker);
  if (!w) throw new Error(`worker ${worker} not in the plan: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return w.spec;
}

const PROFILES = 'profiles:\n  big:\n    replicas: 5\n    concurrency: 2\n    resources: { memory: 2Gi, cpu: "1" }\n';

describe('merge contract through the pipeline', () => {
  it('defaults < profile < worker, with the flat resources form meaning requests = limits', () => {
    const r = gen(
      `${PROFILES}defaults:\n  replicas: 1\n  concurrency: 9\n  priorityClassName: low\nworkers:\n  a:\n    profile: big\n    concurrency: 3\n`,
    );
    expect(spec(r, 'a')).toMatchObject({
      replicas: 5,
      concurrency: 3,
      priorityClassName: 'low',
      resources: { requests: { memory: '2Gi', cpu: '1' }, limits: { memory: '2Gi', cpu: '1' } },
    });
  });

  it('defaults.profile applies to every worker without its own profile', () => {
    const r = gen(`${PROFILES}  small:\n    replicas: 1\ndefaults:\n  profile: big\nworkers:\n  a: {}\n  b:\n    profile: small\n`);
    expect([spec(r, 'a').replicas, spec(r, 'b').replicas]).toEqual([5, 1]);
    expect(r.plan?.workers.map((w) => w.profile)).toEqual(['big', 'small']);
  });

  it('profiles render the same inline or from a --profiles file', () => {
    const workers = 'workers:\n  a:\n    profile: big\n    tasks: [t]\n';
    const inline = gen(PROFILES + workers);
    const separate = gen(workers, { profiles: [{ name: 'profiles.yaml', text: PROFILES }] });
    expect(stream(separate)).toBe(stream(inline));
    expect(stream(inline)).toContain('--concurrency=2');
  });

  it('a values file overrides a --profiles file', () => {
    const r = gen('profiles:\n  big:\n    replicas: 7\nworkers:\n  a: { profile: big }\n', {
      profiles: [{ name: 'p.yaml', text: PROFILES }],
    });
    expect(spec(r, 'a')).toMatchObject({ replicas: 7, concurrency: 2 });
  });

  it("explicit {} clears the chart's restricted securityContext; otherwise it deep-merges", () => {
    // Without the restricted container settings the pods meet only baseline, which the values then declare.
    const r = gen('podSecurityLevel: baseline\nworkers:\n  a:\n    securityContext: {}\n  b:\n    securityContext: { runAsUser: 5 }\n');
    expect(spec(r, 'a').securityContext).toEqual({});
    expect(spec(r, 'b').securityContext).toMatchObject({ runAsUser: 5, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(stream(r).match(/allowPrivilegeEscalation: false/g)).toHaveLength(1);
  });

  it('later -f files win; --set wins over every file; a later --set wins over an earlier one', () => {
    const files = [
      { name: 'a.yaml', text: 'workers:\n  w:\n    replicas: 1\n    concurrency: 1\n    tasks: [a, b]\n' },
      { name: 'b.yaml', text: 'workers:\n  w:\n    replicas: 2\n    tasks: [c]\n' },
    ];
    expect(spec(gen(files), 'w')).toMatchObject({ replicas: 2, concurrency: 1, tasks: ['c'] });
    const r = gen(files, { sets: ['workers.w.replicas=3,workers.w.tasks={x,y}', 'workers.w.replicas=4'] });
    expect(spec(r, 'w')).toMatchObject({ replicas: 4, concurrency: 1, tasks: ['x', 'y'] });
  });

  it('a later file can disable a worker with enabled: false, and --set can enable it again', () => {
    const files = [
      { name: 'a.yaml', text: 'workers:\n  w: { tasks: [t] }\n  v: { tasks: [u] }\n' },
      { name: 'b.yaml', text: 'workers:\n  w: { enabled: false }\n' },
    ];
    expect(gen(files).plan?.workers.map((w) => w.name)).toEqual(['v']);
    expect(gen(files, { sets: ['workers.w.enabled=true'] }).plan?.workers.map((w) => w.name)).toEqual(['v', 'w']);
  });
});
