// Every golden output is valid against Kubernetes' own schemas, unknown fields included; and the
// unknown-field check itself catches what kubernetes-models alone lets through.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { goldenCases, rel } from '../helpers/fixtures.js';
import { k8sProblems } from '../helpers/k8s.js';
import { gen } from '../helpers/run.js';

// A case without expected/ fails in golden.test.ts; here it just has nothing to check.
const goldenFiles = goldenCases()
  .filter((c) => existsSync(c.expected))
  .flatMap((c) => readdirSync(c.expected).map((f) => join(c.expected, f)));

describe('golden outputs against Kubernetes schemas', () => {
  it('cover every kind tb-gen renders', () => {
    const kinds = new Set(goldenFiles.map((f) => (parse(readFileSync(f, 'utf8')) as { kind: string }).kind));
    expect([...kinds].sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'PodMonitor',
      'PrometheusRule',
      'ScaledObject',
      'ServiceAccount',
      'TriggerAuthentication',
    ]);
  });

  it.each(goldenFiles.map((f) => [rel(f), f]))('%s', (_, file) => {
    expect(k8sProblems(parse(readFileSync(file, 'utf8')) as Record<string, unknown>)).toEqual([]);
  });
});

describe('the Kubernetes schema check', () => {
  const r = gen(
    'workers:\n  a:\n    tasks: [t]\n    resources: { requests: { cpu: 1 } }\n    autoscaling: { enabled: true, maxReplicas: 3 }\n',
  );
  const byKind = (kind: string): any => r.objects?.find((o) => o.object.kind === kind)?.object;
  const [deployment, hpa] = [byKind('Deployment'), byKind('HorizontalPodAutoscaler')];

  it('passes a rendered Deployment and HPA', () => {
    expect(k8sProblems(deployment)).toEqual([]);
    expect(k8sProblems(hpa)).toEqual([]);
  });

  const mutations: Array<[string, (d: any) => void, RegExp]> = [
    [
      'unknown top-level field',
      (d) => {
        d.extra = 1;
      },
      /unknown field: \/extra$/,
    ],
    [
      'unknown metadata field',
      (d) => {
        d.metadata.label = {};
      },
      /unknown field: \/metadata\/label$/,
    ],
    [
      'misspelled container field',
      (d) => {
        d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
      },
      /containers\/0\/imagePullPolicyy$/,
    ],
    [
      'misspelled env field',
      (d) => {
        d.spec.template.spec.containers[0].env[0].valueFrm = {};
      },
      /env\/0\/valueFrm$/,
    ],
    [
      'wrong type',
      (d) => {
        d.spec.replicas = 'two';
      },
      /schema: .*replicas/,
    ],
    [
      'missing required field',
      (d) => {
        delete d.spec.template.spec.containers[0].name;
      },
      /schema: .*name/,
    ],
    [
      'wrong apiVersion',
      (d) => {
        d.apiVersion = 'apps/v1beta1';
      },
      /no model/,
    ],
  ];

  it.each(mutations)('rejects a Deployment with a %s', (_, mutate, problem) => {
    const d = structuredClone(deployment);
    mutate(d);
    expect(k8sProblems(d).join('\n')).toMatch(problem);
  });

  it('rejects an unknown field in an HPA metric', () => {
    const h = structuredClone(hpa);
    h.spec.metrics[0].resource.target.averageUtilisation = 80;
    expect(k8sProblems(h)).toEqual(['unknown field: /spec/metrics/0/resource/target/averageUtilisation']);
  });

  it('accepts free-form maps: any label, annotation or resource name', () => {
    const d = structuredClone(deployment);
    d.metadata.labels['example.com/anything'] = 'x';
    d.metadata.annotations = { 'a/b': 'c' };
    d.spec.template.spec.containers[0].resources.limits = { 'nvidia.com/gpu': 1 };
    d.spec.template.spec.nodeSelector = { 'x/y': 'z' };
    expect(k8sProblems(d)).toEqual([]);
  });
});

describe('the CRD schema check', () => {
  const r = gen(
    'taskConfig: { redis: { secret: { name: s, addressKey: a } } }\npodMonitor: { enabled: true }\nworkers:\n  a:\n    tasks: [t]\n    autoscaling: { enabled: true, mode: keda, minReplicas: 0, maxReplicas: 3 }\n',
  );
  const byKind = (kind: string): any => structuredClone(r.objects?.find((o) => o.object.kind === kind)?.object);

  it('passes the rendered ScaledObject, TriggerAuthentication and PodMonitor', () => {
    for (const kind of ['ScaledObject', 'TriggerAuthentication', 'PodMonitor']) expect(k8sProblems(byKind(kind)), kind).toEqual([]);
  });

  const mutations: Array<[string, string, (o: any) => void, RegExp]> = [
    [
      'ScaledObject',
      'a misspelled trigger field',
      (o) => {
        o.spec.triggers[0].metdata = {};
      },
      /additional properties \(metdata\)/,
    ],
    [
      'ScaledObject',
      'a metricType KEDA does not know',
      (o) => {
        o.spec.advanced.scalingModifiers.metricType = 'Utilization';
      },
      /allowed values/,
    ],
    [
      'ScaledObject',
      'a trigger without its type',
      (o) => {
        delete o.spec.triggers[0].type;
      },
      /required property 'type'/,
    ],
    [
      'TriggerAuthentication',
      'a secretTargetRef without key',
      (o) => {
        delete o.spec.secretTargetRef[0].key;
      },
      /required property 'key'/,
    ],
    [
      'PodMonitor',
      'an endpoint field misspelled',
      (o) => {
        o.spec.podMetricsEndpoints[0].intervall = '1s';
      },
      /intervall/,
    ],
  ];
  it.each(mutations)('rejects a %s with %s', (kind, _, mutate, problem) => {
    const o = byKind(kind);
    mutate(o);
    expect(k8sProblems(o).join('\n')).toMatch(problem);
  });
});
