// The comparison the cluster tests judge live objects with (test/cluster/compare.ts), on its own:
// it must find every kind of difference it claims to, and forgive only what the server changes.
import { describe, expect, it } from 'vitest';
import { liveDiff, subsetDiff } from './cluster/compare.js';

const res = (requests: object) => ({ spec: { containers: [{ name: 'w', resources: { requests } }] } });

describe('subsetDiff', () => {
  it.each([
    ['a field the server added', { a: 1 }, { a: 1, b: 2 }],
    ['a number the server stores as a string', { replicas: 3 }, { replicas: '3' }],
    ['an empty map or list the server drops', { nodeSelector: {}, tolerations: [], x: null }, {}],
    ['a quantity in another form', res({ cpu: '1.5', memory: '1024Mi' }), res({ cpu: '1500m', memory: '1Gi' })],
    ['a number quantity', res({ cpu: 0.5, memory: 1000 }), res({ cpu: '500m', memory: '1k' })],
  ])('forgives %s', (_, want, got) => {
    expect(subsetDiff(want, got)).toEqual([]);
  });

  it.each([
    ['a missing field', { a: 1, b: 2 }, { a: 1 }, '.b: rendered 2, live has undefined'],
    ['a changed value', { a: { b: 'x' } }, { a: { b: 'y' } }, '.a.b: rendered "x", live has "y"'],
    ['a list of another length', { l: [1] }, { l: [1, 2] }, '.l: rendered 1 items, live has 2: [1,2]'],
    ['a list item that differs', { l: [{ k: 1 }] }, { l: [{ k: 2 }] }, '.l[0].k: rendered 1, live has 2'],
    [
      'a different quantity',
      res({ cpu: '1.5' }),
      res({ cpu: '1' }),
      '.spec.containers[0].resources.requests.cpu: rendered "1.5", live has "1"',
    ],
    [
      'quantity forms outside quantity fields',
      { spec: { x: '1.5' } },
      { spec: { x: '1500m' } },
      '.spec.x: rendered "1.5", live has "1500m"',
    ],
    ['a map where a scalar was rendered', { a: 1 }, { a: { b: 1 } }, '.a: rendered 1, live has {"b":1}'],
  ])('reports %s', (_, want, got, line) => {
    expect(subsetDiff(want, got)).toEqual([line]);
  });
});

describe('liveDiff', () => {
  const obj = (name: string, labels: Record<string, string> = {}) => ({ kind: 'Deployment', metadata: { name, labels } });

  it('ignores the renderer labels on both sides', () => {
    const rendered = [obj('a', { 'app.kubernetes.io/managed-by': 'tb-gen', keep: '1' })];
    const live = [obj('a', { 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'c-1', keep: '1' })];
    expect(liveDiff(rendered, live)).toEqual([]);
  });

  it('reports objects missing and extra, and labels that differ', () => {
    expect(liveDiff([obj('a', { keep: '1' }), obj('b')], [obj('a', { keep: '2' }), obj('c')])).toEqual([
      'Deployment/c: live but not rendered',
      'Deployment/a.metadata.labels.keep: rendered "1", live has "2"',
      'Deployment/b: rendered but not live',
    ]);
  });
});
