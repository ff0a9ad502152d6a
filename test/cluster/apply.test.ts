// `tb-gen render` output against the real API server: for every valid case, a strict server-side
// apply (kubectl apply --server-side --validate=strict), dry run then for real, into a fresh
// namespace that enforces the restricted Pod Security Standard, draws no warning; the stored
// objects are the rendered ones; the controller manager turns each Deployment into a ReplicaSet
// and Pods that carry the rendered pod template, and processes each HPA.
import { afterAll, describe, it } from 'vitest';
import { CASES, deployments, hpas, render, type ClusterCase, type Rendered } from './cases.js';
import { kindPath } from './kinds.js';
import { liveDiff } from './compare.js';
import { deleteNamespace, get, kubectl, restrictedNamespace, warningLines, type Obj, type Run } from './kube.js';
import { ensurePriorityClasses, hpaAbleToScale, workloadProblems } from './workloads.js';

interface Applied {
  ns: string;
  rendered: Rendered;
  dryRun: Run;
  apply: Run;
}

const APPLY = ['apply', '--server-side', '--validate=strict', '--field-manager=tb-gen', '-f', '-'];
const namespaces: string[] = [];
const applied = new Map<string, Promise<Applied>>();

/** The case rendered and applied once, shared by the tests that judge it (in any order). */
function apply(c: ClusterCase): Promise<Applied> {
  let p = applied.get(c.name);
  if (!p) {
    p = (async () => {
      const ns = await restrictedNamespace(`apply-${c.name}`, undefined, c.level);
      namespaces.push(ns);
      const rendered = await render(c, c.inv, ns);
      await ensurePriorityClasses(rendered.objects);
      const dryRun = await kubectl([...APPLY, '--dry-run=server'], rendered.text);
      const apply = await kubectl(APPLY, rendered.text);
      return { ns, rendered, dryRun, apply };
    })();
    applied.set(c.name, p);
  }
  return p;
}

// Which cases render an HPA is known before the cluster is: rendered here once, for any namespace.
const HPA_CASES = (await Promise.all(CASES.map(async (c) => ({ c, n: hpas((await render(c, c.inv, 'default')).objects).length }))))
  .filter(({ n }) => n > 0)
  .map(({ c }) => c);

// A case's namespace goes as soon as its last test is done: its ReplicaSets would otherwise keep
// creating Pods (1,000 for one chart case) for the rest of the file. afterAll takes what is left.
const left = new Map<string, number>();
function finished(c: ClusterCase): void {
  const n = (left.get(c.name) ?? (HPA_CASES.includes(c) ? 4 : 3)) - 1;
  left.set(c.name, n);
  if (n === 0)
    void applied
      .get(c.name)
      ?.then((a) => deleteNamespace(a.ns))
      .catch(() => undefined); // afterAll retries
}

afterAll(async () => {
  await Promise.all(namespaces.map(deleteNamespace));
});

const path = (ns: string, o: Obj) => kindPath(o.kind as string, ns, o.metadata.name as string);

describe.concurrent.each(CASES)('$name', (c) => {
  it('strict server-side apply, dry run: accepted with no warning', async ({ expect, onTestFinished }) => {
    onTestFinished(() => finished(c));
    const { dryRun } = await apply(c);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(warningLines(dryRun.stderr)).toEqual([]);
    expect(dryRun.stderr).toBe('');
  });

  it('strict server-side apply: accepted with no warning, stored as rendered', async ({ expect, onTestFinished }) => {
    onTestFinished(() => finished(c));
    const { ns, rendered, apply: out } = await apply(c);
    expect(out.code, out.stderr).toBe(0);
    expect(warningLines(out.stderr)).toEqual([]);
    expect(out.stderr).toBe('');
    const live = await Promise.all(rendered.objects.map((o) => get(path(ns, o))));
    expect(liveDiff(rendered.objects, live)).toEqual([]);
  });

  it('each Deployment gets a ReplicaSet and Pods that carry the rendered pod template', async ({ expect, onTestFinished }) => {
    onTestFinished(() => finished(c));
    const { ns, rendered, apply: out } = await apply(c);
    expect(out.code, out.stderr).toBe(0);
    const problems = await Promise.all(deployments(rendered.objects).map((d) => workloadProblems(ns, d)));
    expect(problems.flat()).toEqual([]);
  });
});

describe.concurrent.each(HPA_CASES)('$name', (c) => {
  it('each HPA is processed: AbleToScale=True', async ({ expect, onTestFinished }) => {
    onTestFinished(() => finished(c));
    const { ns, rendered, apply: out } = await apply(c);
    expect(out.code, out.stderr).toBe(0);
    for (const hpa of hpas(rendered.objects)) await hpaAbleToScale(ns, hpa);
  });
});
