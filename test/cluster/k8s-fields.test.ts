// The values schema refuses nothing the API server would accept inside a Kubernetes-typed field,
// and the API server refuses what it refuses: each row of test/invalid/k8s-fields.ts (refused by
// tb-gen, Helm 3 and Helm 4 in the table's own tests) is rendered without its mistake, the
// mistaken value is put where tb-gen would put it, and a strict server-side dry run refuses it.
import { describe, it } from 'vitest';
import { parse } from 'yaml';
import { dedent, unmark } from '../helpers/marks.js';
import { gen } from '../helpers/run.js';
import { K8S_FIELD_ROWS, type K8sRow } from '../invalid/k8s-fields.js';
import { kubectl, type Obj } from './kube.js';

/** Where a worker key lands in the rendered objects. */
function inject(objects: Obj[], key: string, value: unknown): Obj[] {
  const d = objects.find((o) => o.kind === 'Deployment') as Obj;
  const pod = d.spec.template.spec;
  const container = pod.containers[0];
  if (['tolerations', 'affinity', 'topologySpreadConstraints', 'volumes'].includes(key)) pod[key] = value;
  else if (key === 'podSecurityContext') pod.securityContext = value;
  else if (key === 'strategy') d.spec.strategy = value;
  else if (key === 'nodeSelector') pod.nodeSelector = value;
  else if (key === 'podLabels') d.spec.template.metadata.labels = { ...d.spec.template.metadata.labels, ...(value as Obj) };
  else if (key === 'podAnnotations') d.spec.template.metadata.annotations = value;
  else if (key === 'env') container.env = [...container.env, ...(value as Obj[])];
  else if (key === 'resources') container.resources = value;
  else if (key === 'autoscaling') (objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as Obj).spec.behavior = value;
  else container[key] = value;
  return objects;
}

/** The row's objects: rendered without the mistake, then the mistake put in place. */
function objectsOf(row: K8sRow): Obj[] {
  const values = parse(unmark('values.yaml', dedent(row.values as string)).text, { version: '1.1' }) as Obj;
  const worker = values.workers[row.k8s.worker] as Obj;
  const { key } = row.k8s;
  const bad = key === 'autoscaling' ? worker.autoscaling.behavior : worker[key];
  if (key === 'autoscaling') delete worker.autoscaling.behavior;
  else delete worker[key];
  const r = gen(JSON.stringify(values), { namespace: 'default' });
  if (!r.objects) throw new Error(`the row without its mistake must render: ${JSON.stringify(r.diagnostics)}`);
  return inject(
    r.objects.map((o) => structuredClone(o.object) as Obj),
    key,
    bad,
  );
}

describe.concurrent.each(K8S_FIELD_ROWS.map((r) => [r.kind, r] as const))('%s', (_kind, row) => {
  it('is refused by a strict server-side dry run, as tb-gen refuses it', async ({ expect }) => {
    const objects = objectsOf(row).filter((o) => ['Deployment', 'HorizontalPodAutoscaler'].includes(o.kind as string));
    const run = await kubectl(
      ['apply', '--server-side', '--validate=strict', '--dry-run=server', '-f', '-'],
      objects.map((o) => JSON.stringify(o)).join('\n'),
    );
    expect(run.code, run.stdout).not.toBe(0);
    expect(run.stderr).toMatch(
      /field not declared in schema|expected numeric|Unsupported value|Invalid value|Required value|quantities must match/,
    );
  });
});
