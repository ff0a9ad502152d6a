// The changed values each Helm upgrade applies, derived from what a case renders: one worker
// added (enabled), the first worker disabled (when there are two or more), and another worker's
// replicas (its HPA's maxReplicas when it autoscales) and resources changed. A second -f file
// plus --set, as a user would layer them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Invocation } from '../chart/helm.js';
import { deployments, hpas, WORKER_LABEL, type ClusterCase } from './cases.js';
import type { Obj } from './kube.js';

export const ADDED_WORKER = 'zz-added';

export interface Upgrade {
  inv: Invocation;
  summary: string;
}

/** Whether a values file of the case writes this worker's resources in the flat {memory, cpu} form. */
function flatResources(c: ClusterCase, worker: string): boolean {
  return [...c.inv.profiles, ...c.inv.values].some((f) => {
    const values = parse(readFileSync(resolve(c.cwd, f), 'utf8'), { version: '1.1' }) as Obj | null;
    const r = values?.workers?.[worker]?.resources as Obj | undefined;
    return !!r && ('memory' in r || 'cpu' in r);
  });
}

/** The upgrade of a case whose first install rendered `objects`; its values file is written to `dir`. */
export function upgradeFor(c: ClusterCase, objects: Obj[], dir: string): Upgrade {
  const workers = deployments(objects).map((d) => ({ name: d.metadata.labels[WORKER_LABEL] as string, deployment: d }));
  const hpaOf = (d: Obj) => hpas(objects).find((h) => h.spec.scaleTargetRef.name === d.metadata.name);
  const disabled = workers.length > 1 ? workers[0] : undefined;
  const others = workers.filter((w) => w !== disabled);
  const changed = others.find((w) => !hpaOf(w.deployment)) ?? others[0];
  if (!changed) throw new Error(`${c.name}: renders no Deployment to upgrade`);

  const sets: string[] = [];
  if (disabled) sets.push(`workers.${disabled.name}.enabled=false`);
  const hpa = hpaOf(changed.deployment);
  if (hpa) sets.push(`workers.${changed.name}.autoscaling.maxReplicas=${hpa.spec.maxReplicas + 1}`);
  else sets.push(`workers.${changed.name}.replicas=${(changed.deployment.spec.replicas ?? 1) + 1}`);

  const resources = flatResources(c, changed.name)
    ? { cpu: '150m', memory: '320Mi' }
    : { requests: { cpu: '150m', memory: '320Mi' }, limits: { cpu: '300m', memory: '640Mi' } };
  const file = join(dir, `upgrade-${c.name}.yaml`);
  writeFileSync(
    file,
    stringify({ workers: { [changed.name]: { resources }, [ADDED_WORKER]: { enabled: true, tasks: ['upgrade_added_task'] } } }),
  );
  const summary = `added ${ADDED_WORKER}, ${disabled ? `disabled ${disabled.name}, ` : ''}changed ${changed.name} (${sets.at(-1)}, resources)`;
  return { inv: { ...c.inv, values: [...c.inv.values, file], sets: [...c.inv.sets, ...sets] }, summary };
}
