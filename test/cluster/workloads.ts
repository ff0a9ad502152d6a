// What the controller manager makes of the rendered objects: each Deployment a ReplicaSet and
// Pods (Pending: there are no nodes) whose spec is the rendered pod template, each HPA processed.
import { subsetDiff } from './compare.js';
import { api, get, list, waitFor, type Obj } from './kube.js';

const apps = (ns: string, kind: string) => `/apis/apps/v1/namespaces/${ns}/${kind}`;

/**
 * What admission adds to every Pod and the template never has: the service account token mount
 * and volume, and the not-ready/unreachable tolerations (DefaultTolerationSeconds). Dropped from
 * the Pod before comparing, unless the template rendered them itself.
 */
function withoutAdmissionAdditions(pod: Obj, template: Obj): Obj {
  const token = (v: Obj) => typeof v.name === 'string' && v.name.startsWith('kube-api-access-');
  const rendered = (list: Obj[] | undefined, x: Obj) => (list ?? []).some((r) => r.key === x.key);
  const spec = structuredClone(pod.spec) as Obj;
  spec.volumes = (spec.volumes ?? []).filter((v: Obj) => !token(v));
  spec.containers = spec.containers.map((c: Obj) => ({ ...c, volumeMounts: (c.volumeMounts ?? []).filter((m: Obj) => !token(m)) }));
  spec.tolerations = (spec.tolerations ?? []).filter(
    (t: Obj) =>
      !(/^node\.kubernetes\.io\/(not-ready|unreachable)$/.test(t.key) && t.tolerationSeconds === 300) ||
      rendered(template.spec.tolerations, t),
  );
  return { metadata: pod.metadata, spec };
}

type Settled = { rs: Obj; pods: Obj[] } | { failure: string };

// Pods looked at per Deployment: enough to see the template carried over, few enough that a
// Deployment of 1,000 replicas (a schema bound the chart cases test) is not waited for in full.
const SAMPLE = 3;

/** The Deployment's ReplicaSet once it has its Pods (up to SAMPLE of them), or why it cannot. */
async function settle(ns: string, deployment: Obj): Promise<Settled> {
  const name = deployment.metadata.name as string;
  const selector = Object.entries(deployment.spec.selector.matchLabels as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return waitFor(`the ReplicaSet and Pods of Deployment ${name}`, async () => {
    const live = await get(`${apps(ns, 'deployments')}/${name}`);
    const rs = (await list(apps(ns, 'replicasets'), selector)).find((r) =>
      r.metadata.ownerReferences?.some((o: Obj) => o.uid === live.metadata.uid),
    );
    if (!rs) return undefined;
    const failed = (rs.status.conditions ?? []).find((c: Obj) => c.type === 'ReplicaFailure' && c.status === 'True');
    if (failed) return { failure: `ReplicaSet ${rs.metadata.name}: ${failed.reason}: ${failed.message}` };
    const pods = (await list(`/api/v1/namespaces/${ns}/pods`, selector)).filter((p) =>
      p.metadata.ownerReferences?.some((o: Obj) => o.uid === rs.metadata.uid),
    );
    const want = Math.min(rs.spec.replicas as number, SAMPLE);
    return rs.spec.replicas === live.spec.replicas && pods.length >= want ? { rs, pods: pods.slice(0, SAMPLE) } : undefined;
  });
}

/** Problems with the workloads of the rendered Deployments; [] when each has Pods as rendered. */
export async function workloadProblems(ns: string, deployment: Obj): Promise<string[]> {
  const name = deployment.metadata.name as string;
  const settled = await settle(ns, deployment);
  if ('failure' in settled) return [`Deployment ${name}: ${settled.failure}`];
  const template = deployment.spec.template as Obj;
  const problems = subsetDiff(template, settled.rs.spec.template, `ReplicaSet ${settled.rs.metadata.name} .spec.template`);
  for (const pod of settled.pods) {
    problems.push(...subsetDiff(template, withoutAdmissionAdditions(pod, template), `Pod ${pod.metadata.name}`));
  }
  return problems;
}

/** The HPA's conditions once the controller set AbleToScale=True; throws with them otherwise. */
export async function hpaAbleToScale(ns: string, hpa: Obj): Promise<Obj[]> {
  const path = `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/${hpa.metadata.name}`;
  let last: Obj[] = [];
  try {
    return await waitFor(`AbleToScale=True on HPA ${hpa.metadata.name}`, async () => {
      last = (await get(path)).status?.conditions ?? [];
      return last.some((c) => c.type === 'AbleToScale' && c.status === 'True') ? last : undefined;
    });
  } catch (e) {
    throw new Error(`${(e as Error).message}; conditions: ${JSON.stringify(last)}`, { cause: e });
  }
}

/** The PriorityClasses the rendered pods name: cluster objects a chart expects to exist, as a cluster admin makes them. */
export async function ensurePriorityClasses(objects: Obj[]): Promise<void> {
  const names = new Set(objects.map((o) => o.spec?.template?.spec?.priorityClassName).filter((n): n is string => !!n));
  for (const name of names) {
    const r = await api('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value: 0,
    });
    if (r.status !== 201 && r.status !== 409) throw new Error(`create PriorityClass ${name}: ${r.status} ${r.body.message}`);
  }
}
